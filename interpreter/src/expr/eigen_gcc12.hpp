// GCC 12 reports -Wmaybe-uninitialized inside its own AVX-512 intrinsic headers when
// Eigen's packet code is inlined with -march=native (GCC bug 105593, fixed in GCC 13).
// Include this first in a translation unit that instantiates Eigen reductions or
// products; it silences that one false positive for the unit only.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

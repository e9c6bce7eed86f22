// ael/eigen.hpp — Eigen, included the one way every AEL header does it.
//
// Eigen's heap alignment is part of AEL's ABI: a matrix allocated inside libael (built
// with -march=native, AVX-512 on the build machine) may be freed by a host or plugin
// built for another -march, and Eigen's aligned free must agree with its aligned malloc.
// libael fixes EIGEN_MAX_ALIGN_BYTES=64 for every consumer (CMake's ael::ael target and
// ael.pc both pass it); a consumer that compiles these headers without it gets this
// error instead of a heap corruption at run time.
#pragma once

#if !defined(EIGEN_MAX_ALIGN_BYTES) || EIGEN_MAX_ALIGN_BYTES != 64
#error \
    "AEL's C++ headers need -DEIGEN_MAX_ALIGN_BYTES=64 (link ael::ael or use `pkg-config --cflags ael`)"
#endif

// GCC 12's AVX-512 intrinsics header trips -W(maybe-)uninitialized inside Eigen's kernels
// (GCC bug 105593, fixed in GCC 13); the warning is tied to the header's lines, so
// silencing it around the include leaves it active for AEL's own code.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <Eigen/Core>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

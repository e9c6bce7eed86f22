// util/sanitizer.hpp — AEL_ADDRESS_SANITIZER is defined in AddressSanitizer builds.
//
// g++ defines __SANITIZE_ADDRESS__; clang 14 only answers __has_feature. Code that must
// behave differently under ASan (a smaller script stack, tests that replace the
// allocator) asks this one macro.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define AEL_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AEL_ADDRESS_SANITIZER 1
#endif
#endif

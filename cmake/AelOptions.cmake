# Compiler settings shared by every AEL target.

# ael_target_defaults(<target>): warnings (-Wall -Wextra, zero tolerated by review),
# optimisation flags and the sanitizers when AEL_SANITIZE is on.
function(ael_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  # GCC 12 with AVX-512 (-march=native) reports false -Wmaybe-uninitialized warnings inside
  # Eigen's vectorised kernels (GCC PR 105593): they point into the compiler's intrinsics
  # headers, never at AEL code, and appear wherever Eigen reduces or multiplies matrices.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
  if(AEL_NATIVE)
    target_compile_options(${target} PRIVATE -march=native)
  endif()
endfunction()

# ael_test_code(<target>): test binaries compile without optimisation. Their code is
# assertions and fixtures, and GoogleTest's macros are much of a clean build's code
# generation; the library under test keeps its flags, so the work a test drives runs
# optimised. Measured on a clean Release build (2 cores): the test objects took 427 s of
# CPU at -O3 and 217 s at -O0, with the suite's run time unchanged once the one test that
# ran a header-only estimator (knn_kl, now in the library) no longer did its work at -O0.
# The rule that follows: heavy code belongs in the library, not in headers tests include.
function(ael_test_code target)
  target_compile_options(${target} PRIVATE -O0)
endfunction()

# ael_precompile_headers(<target> [GTEST] [REUSE_FROM <other>]): parses the standard
# library, <Eigen/Core> (1.2-1.8 s in each of ~140 files) and GoogleTest once per target
# instead of once per file, the largest cut of a clean build (CI builds clean twice).
# REUSE_FROM shares another target's PCH (the test binaries have identical flags).
# Plugins do not use it: they must build from the SDK headers alone, and a PCH would
# hide a missing include.
function(ael_precompile_headers target)
  cmake_parse_arguments(PCH "GTEST" "REUSE_FROM" "" ${ARGN})
  if(NOT AEL_PCH)
    return()
  endif()
  # Under a PCH, GCC 12 no longer treats the inlined AVX-512 intrinsics of Eigen's kernels
  # as system-header code and reports GCC PR 105593's false warnings as -Wuninitialized
  # (the -Wmaybe-uninitialized above is the same bug without a PCH). clang's front-end
  # -Wuninitialized still checks AEL's own code in the sanitizer build.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-uninitialized)
  endif()
  if(PCH_REUSE_FROM)
    target_precompile_headers(${target} REUSE_FROM ${PCH_REUSE_FROM})
    return()
  endif()
  set(headers <algorithm> <cmath> <cstdint> <functional> <map> <memory> <optional>
              <stdexcept> <string> <string_view> <unordered_map> <utility> <variant> <vector>
              <Eigen/Core>)
  if(PCH_GTEST)
    list(APPEND headers <gtest/gtest.h>)
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()

# ael_unity_build(<target> <files per batch>): with AEL_UNITY, compiles the target's
# sources a batch at a time, so headers are parsed and common templates instantiated once
# per batch. Measured on the 2-core CI machine (clean clone, stop 29), it did NOT shorten
# the run: Release build 524 s against 513 s without, sanitizer build 636 s against 686 s
# (the precompiled headers had already removed most of the parsing, and large batches
# leave a core idle at the end). Kept because every file compiling in a batch is a useful
# discipline (no leaking using-directives, no repeated helper names); a file that cannot
# share a translation unit opts out with SKIP_UNITY_BUILD_INCLUSION.
function(ael_unity_build target batch)
  if(AEL_UNITY)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE ${batch})
    # g++ applies -Wsubobject-linkage (meant for headers) to every .cpp a batch #includes:
    # a lambda capturing an anonymous-namespace type then warns, though each type still has
    # one definition in one translation unit.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
    endif()
  endif()
endfunction()

if(AEL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  # ASan's instrumentation keeps clang from vectorising the `#pragma omp simd` kernels
  # of expr/kernels.hpp; clang reports each one. Release builds vectorise them.
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    add_compile_options(-Wno-pass-failed)
  endif()
endif()

# Boost's headers make g++ emit STB_GNU_UNIQUE symbols, which pin a shared library in
# memory forever and hide unload bugs. Plugins opt out (see plugins/CMakeLists.txt).
include(CheckCXXCompilerFlag)
check_cxx_compiler_flag(-fno-gnu-unique AEL_HAVE_NO_GNU_UNIQUE)

# ael_link_internal(<target>): links libael's internals (the static ael_internal, whole,
# so every self-registering object is kept) into a test or benchmark binary, and exports
# the binary's AEL_API symbols so plugins it loads bind to this copy of the SDK rather than
# to the libael.so they pull in (see interpreter/CMakeLists.txt).
function(ael_link_internal target)
  target_link_libraries(${target} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,ael_internal>")
  # ENABLE_EXPORTS would define <target>_EXPORTS, which differs per binary and so keeps
  # the test binaries from sharing one precompiled header; one common name does not.
  set_target_properties(${target} PROPERTIES ENABLE_EXPORTS ON DEFINE_SYMBOL AEL_INTERNAL_EXPORTS)
endfunction()

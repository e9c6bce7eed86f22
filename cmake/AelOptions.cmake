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

// Run-time CPU feature checks, so one binary runs on any x86-64 (and compiles on other architectures).
#include "CEncoderKernels.h"

#if defined(__x86_64__)
int bx_has_avx512(void) {
    __builtin_cpu_init();
    // The kernels use F (products), BW/VL (masked 16-bit loads) and DQ (reductions); all Skylake-SP and later.
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
}
#else
int bx_has_avx512(void) { return 0; }
#endif

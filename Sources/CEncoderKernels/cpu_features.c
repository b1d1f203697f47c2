// Run-time CPU feature checks (AVX-512; AMX, with the tile-state permission Linux wants), so one binary runs on any
// x86-64 (and compiles on other architectures).
#include "CEncoderKernels.h"

#if defined(__x86_64__)
int bx_has_avx512(void) {
    __builtin_cpu_init();
    // The kernels use F (products), BW/VL (masked 16-bit loads) and DQ (reductions); all Skylake-SP and later.
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
}

#include <cpuid.h>
#include <immintrin.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__linux__)
#define BX_ARCH_REQ_XCOMP_PERM 0x1023
#define BX_XFEATURE_XTILEDATA 18
#endif

__attribute__((target("xsave"))) static int bx_detect_amx(void) {
    unsigned eax, ebx, ecx, edx;
    if (!bx_has_avx512()) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    int tile = (edx >> 24) & 1, bf16 = (edx >> 22) & 1;
    if (!tile || !bf16 || eax < 1) return 0;
    unsigned eax1, ebx1, ecx1, edx1;
    __get_cpuid_count(7, 1, &eax1, &ebx1, &ecx1, &edx1);
    if (!((eax1 >> 5) & 1)) return 0;  // AVX512-BF16, for the splitting conversions
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !((ecx >> 27) & 1)) return 0;  // OSXSAVE
    unsigned long long xcr0 = _xgetbv(0);
    if ((xcr0 & (3ull << 17)) != (3ull << 17)) return 0;  // XTILECFG and XTILEDATA enabled by the OS
#if defined(__linux__)
    // Linux hands out the 8 KB tile state only to processes that ask, once, before the first tile instruction.
    if (syscall(SYS_arch_prctl, BX_ARCH_REQ_XCOMP_PERM, BX_XFEATURE_XTILEDATA) != 0) return 0;
#endif
    return 1;
}

int bx_has_amx(void) {
    static int state = -1;
    int known = __atomic_load_n(&state, __ATOMIC_ACQUIRE);
    if (known >= 0) return known;
    known = bx_detect_amx();
    __atomic_store_n(&state, known, __ATOMIC_RELEASE);
    return known;
}
#else
int bx_has_avx512(void) { return 0; }
int bx_has_amx(void) { return 0; }
#endif

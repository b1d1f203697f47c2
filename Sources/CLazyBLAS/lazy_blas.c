// OpenBLAS loaded on first use; see CLazyBLAS.h.
#include "CLazyBLAS.h"

#if defined(__linux__)
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

// CBLAS's enum values (cblas.h), so the header is not needed to build.
enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

typedef void (*sgemm_function)(int, int, int, int, int, int, float, const float *, int, const float *, int, float,
                               float *, int);
typedef void (*threads_function)(int);
typedef char *(*name_function)(void);
typedef void (*void_function)(void);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void *library;
static sgemm_function sgemm;
static name_function corename;
static int loaded;

// Debian 12's OpenBLAS 0.3.21 takes a recent Xeon (Sapphire/Emerald Rapids) for an unknown CPU and runs its SSE3
// kernels, several times slower: re-run the core selection (exported by DYNAMIC_ARCH builds) with the newest core
// this CPU supports. OpenBLAS reads the choice from the environment only.
static void select_core(void) {
    if (!corename || getenv("OPENBLAS_CORETYPE")) return;
    const char *current = corename();
    void_function quit = (void_function)dlsym(library, "gotoblas_dynamic_quit");
    void_function init = (void_function)dlsym(library, "gotoblas_dynamic_init");
    if (!current || strcasecmp(current, "prescott") != 0 || !quit || !init) return;
    const char *wanted = NULL;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512cd"))
        wanted = "SkylakeX";
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        wanted = "Haswell";
#endif
    if (!wanted) return;
    setenv("OPENBLAS_CORETYPE", wanted, 1);
    quit();
    init();
    unsetenv("OPENBLAS_CORETYPE");
}

static void load(void) {
    library = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libopenblas.so", RTLD_NOW | RTLD_LOCAL);
    if (library) sgemm = (sgemm_function)dlsym(library, "cblas_sgemm");
    if (!sgemm) {
        fprintf(stderr, "error: cannot load OpenBLAS (libopenblas.so.0) for the blas kernels: install libopenblas0\n");
        exit(1);
    }
    // The encoder runs BLAS on one thread under its own worker pool; fitting wants results independent of threads.
    threads_function set_threads = (threads_function)dlsym(library, "openblas_set_num_threads");
    if (set_threads) set_threads(1);
    corename = (name_function)dlsym(library, "openblas_get_corename");
    select_core();
    __atomic_store_n(&loaded, 1, __ATOMIC_RELEASE);
}

void lazy_blas_sgemm(int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                     const float *b, int ldb, float beta, float *c, int ldc) {
    pthread_once(&once, load);
    sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c,
          ldc);
}

const char *lazy_blas_core(void) {
    pthread_once(&once, load);
    return corename ? corename() : "unknown";
}

int lazy_blas_is_loaded(void) { return __atomic_load_n(&loaded, __ATOMIC_ACQUIRE); }

#else
#include <stdlib.h>
void lazy_blas_sgemm(int transA, int transB, int m, int n, int k, float alpha, const float *a, int lda,
                     const float *b, int ldb, float beta, float *c, int ldc) {
    abort();  // unreachable: other systems use their own BLAS (Accelerate on macOS)
}
const char *lazy_blas_core(void) { return "none"; }
int lazy_blas_is_loaded(void) { return 0; }
#endif

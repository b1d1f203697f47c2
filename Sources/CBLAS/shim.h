#include <cblas.h>
// OpenBLAS extension: the encoder runs BLAS single-threaded under its own worker pool.
void openblas_set_num_threads(int num_threads);

#include <cblas.h>
// OpenBLAS extension: the thread count is chosen per matrix size by the encoder.
void openblas_set_num_threads(int num_threads);

#if canImport(CBLAS)
import CBLAS
#endif
import Foundation

/// The encoder's own AVX-512 product on panel-packed weights (`bx_gemm_packed` in the CBLAS shim).
///
/// For one sentence the weights dominate: OpenBLAS either re-packs a weight matrix on every call or, in its
/// direct kernel, streams it once per four rows. Packing once at load and reusing each 32-column panel from cache
/// for every row of the input removes both costs.
enum Kernel {
    /// True when the packed kernel can run here (x86-64 with AVX-512, not disabled with
    /// `BERT_EXPLORER_NO_PACKED`).
    static let packedAvailable: Bool = {
        #if canImport(CBLAS) && arch(x86_64)
        return bx_has_avx512() != 0 && ProcessInfo.processInfo.environment["BERT_EXPLORER_NO_PACKED"] == nil
        #else
        return false
        #endif
    }()

    @inline(__always)
    static func multiplyPacked(kind: Int, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                               packed: UnsafeRawPointer, panels: Range<Int>, c: UnsafeMutablePointer<Float>, ldc: Int) {
        #if canImport(CBLAS) && arch(x86_64)
        bx_gemm_packed(kind, m, n, k, a, lda, packed, panels.lowerBound, panels.upperBound, c, ldc)
        #else
        preconditionFailure("packed kernel unavailable")
        #endif
    }
}

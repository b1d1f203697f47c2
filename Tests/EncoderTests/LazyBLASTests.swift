#if os(Linux)
import CLazyBLAS
import Foundation
import XCTest

/// OpenBLAS as `CLazyBLAS` loads it: one thread, and its kernels for this CPU even when a `DYNAMIC_ARCH` build too old
/// for the CPU fell back to its SSE3 "Prescott" kernels (Debian 12's 0.3.21 on Sapphire and Emerald Rapids).
final class LazyBLASTests: XCTestCase {
    func testOpenBLASRunsKernelsForThisCPU() throws {
        let flags = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let core = String(cString: lazy_blas_core())
        XCTAssertEqual(lazy_blas_is_loaded(), 1)
        // Prescott is right only for a CPU without AVX2 and FMA, or when the user chose it with OPENBLAS_CORETYPE.
        if flags.contains(" avx2 ") && flags.contains(" fma ") && ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil {
            XCTAssertNotEqual(core.lowercased(), "prescott")
        }
    }

    func testProductMatchesAPlainLoop() {
        // A[2×3] · B[3×2] with B stored transposed ([2×3]), then Aᵀ read from a stored [3×2].
        let a: [Float] = [1, 2, 3, 4, 5, 6], b: [Float] = [1, 0, -1, 2, 1, 0]
        var c = [Float](repeating: 0, count: 4)
        lazy_blas_sgemm(0, 1, 2, 2, 3, 1, a, 3, b, 3, 0, &c, 2)
        XCTAssertEqual(c, [-2, 4, -2, 13])
        let aT: [Float] = [1, 4, 2, 5, 3, 6]
        lazy_blas_sgemm(1, 1, 2, 2, 3, 1, aT, 2, b, 3, 0, &c, 2)
        XCTAssertEqual(c, [-2, 4, -2, 13])
    }
}
#endif

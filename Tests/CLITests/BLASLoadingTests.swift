import Foundation
import TestSupport
import XCTest

/// OpenBLAS is loaded on the first BLAS product, not at start: loading it starts a worker thread that spins on a
/// core while the program starts. The own kernels never load it, value norms (which the explorer always computes)
/// included. glibc's `LD_DEBUG=files` lists every library a process loads, `dlopen`ed or not (Linux only: elsewhere
/// BLAS is the system's Accelerate).
#if os(Linux)
final class BLASLoadingTests: XCTestCase {
    func testOpenBLASIsLoadedOnlyWhenTheBlasKernelsRun() throws {
        // Without AVX-512 the own kernels cannot run (the program falls back to blas): only blas is checked there.
        let flags = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let kernels = flags.contains(" avx512f ") ? [("avx512", false), ("blas", true)] : [("blas", true)]
        for (kernel, loads) in kernels {
            var environment = ProcessInfo.processInfo.environment
            environment["LD_DEBUG"] = "files"
            environment["BERT_EXPLORER_KERNEL"] = kernel
            let result = try BuiltBinary.run(["inspect", "--layers", "0", "--attention-norms", "The cat sat on the mat"],
                                             environment: environment)
            XCTAssertEqual(result.status, 0, String(result.stderr.suffix(2000)))
            XCTAssertEqual(result.stderr.contains("file=libopenblas"), loads, "\(kernel) kernels")
        }
    }

    /// A classifier head's products are small: plain loops, no OpenBLAS (the trace itself is checked
    /// by the libraries it does list).
    func testAClassifierHeadDoesNotLoadOpenBLAS() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["LD_DEBUG"] = "files"
        let classify = try BuiltBinary.run(["classify", "--model", Fixtures.url("heads/models/bert-seq-f32").path, "where is it ?"],
                                           environment: environment)
        XCTAssertEqual(classify.status, 0, String(classify.stderr.suffix(2000)))
        XCTAssertTrue(classify.stderr.contains("file=libncursesw"), String(classify.stderr.prefix(500)))
        XCTAssertFalse(classify.stderr.contains("file=libopenblas"))
        // A head trained by `train` runs its products the same way.
        let trained = try BuiltBinary.run(["classify", "--head", Fixtures.url("explorer-heads/sentiment").path, "a fine film"],
                                          environment: environment)
        XCTAssertEqual(trained.status, 0, String(trained.stderr.suffix(2000)))
        XCTAssertFalse(trained.stderr.contains("file=libopenblas"))
    }
}
#endif

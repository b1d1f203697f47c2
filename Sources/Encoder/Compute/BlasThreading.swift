import Foundation

/// Chooses how many threads each matrix product uses.
///
/// OpenBLAS's thread wake-ups cost more than they save on the small products of one short sentence, so
/// products below `parallelThreshold` multiply-adds run on one thread; larger ones use `maxThreads`.
/// The per-head attention products are spread over our own threads instead (each one single-threaded BLAS).
final class BlasThreading: @unchecked Sendable {
    static let shared = BlasThreading()

    /// Multiply-adds (`m·n·k`) from which a product is split over BLAS threads.
    let parallelThreshold: Int
    let maxThreads: Int
    private let lock = NSLock()
    private var current = -1

    init() {
        let environment = ProcessInfo.processInfo.environment
        maxThreads = max(1, min(Int(environment["BERT_EXPLORER_THREADS"] ?? "") ?? ProcessInfo.processInfo.activeProcessorCount, 2))
        parallelThreshold = Int(environment["BERT_EXPLORER_PARALLEL_MACS"] ?? "") ?? 2_000_000
    }

    private func use(_ threads: Int) {
        lock.lock()
        defer { lock.unlock() }
        if current != threads {
            Gemm.setThreads(threads)
            current = threads
        }
    }

    @inline(__always)
    func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                  transposeB: Bool, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        use(m * n * k >= parallelThreshold ? maxThreads : 1)
        Gemm.multiply(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, transposeB: transposeB, beta: beta, c: c, ldc: ldc)
    }

    /// Runs `body(head)` for every head: serially with single-threaded BLAS, or over our own threads when the
    /// work is large enough to pay for them.
    func multiplyHeads(heads: Int, m: Int, n: Int, k: Int, _ body: (Int) -> Void) {
        use(1)
        if maxThreads > 1 && 2 * m * n * k * heads >= parallelThreshold {
            let groups = maxThreads
            withoutActuallyEscaping(body) { escapable in
                nonisolated(unsafe) let run = escapable
                DispatchQueue.concurrentPerform(iterations: groups) { group in
                    var head = group
                    while head < heads { run(head); head += groups }
                }
            }
        } else {
            for head in 0..<heads { body(head) }
        }
    }
}

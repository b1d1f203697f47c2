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
        _ = BlasRuntime.coreName
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

    /// OpenBLAS multiplies small row-major `alpha = 1, beta = 0` products without copying its operands when
    /// `m·n·k` stays below about 7.3 million and it runs single-threaded; it packs (copies) the weight matrix
    /// otherwise, which for a short sentence costs twice the arithmetic.
    static let directLimit = 7_000_000

    /// `C = A · B` (row-major, `B` not transposed). Short inputs are split into column blocks that OpenBLAS
    /// multiplies directly, spread over our threads; long ones go to OpenBLAS whole, with its threads.
    func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                  transposeB: Bool, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let work = m * n * k
        if transposeB || beta != 0 || m > directRows {
            use(work >= parallelThreshold ? maxThreads : 1)
            Gemm.multiply(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, transposeB: transposeB, beta: beta, c: c, ldc: ldc)
            return
        }
        use(1)
        let threads = work >= parallelThreshold ? maxThreads : 1
        var blocks = max(threads, (work + Self.directLimit - 1) / Self.directLimit)
        blocks = (blocks + threads - 1) / threads * threads
        let width = ((n + blocks - 1) / blocks + 15) / 16 * 16
        let direct = BlasRuntime.directMultiply
        let block: (Int) -> Void = { index in
            let start = index * width
            guard start < n else { return }
            if let direct {
                direct(m, min(width, n - start), k, a, lda, b + start, ldb, c + start, ldc)
            } else {
                Gemm.multiply(m: m, n: min(width, n - start), k: k, a: a, lda: lda, b: b + start, ldb: ldb,
                              transposeB: false, beta: 0, c: c + start, ldc: ldc)
            }
        }
        parallel(blocks, threads: threads, block)
    }

    /// Rows up to which products are split into direct column blocks.
    var directRows: Int { 32 }

    /// Runs `body(0..<count)` over `threads` threads (the calling one included), interleaved.
    func parallel(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        if threads <= 1 || count <= 1 {
            for index in 0..<count { body(index) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            nonisolated(unsafe) let run = escapable
            DispatchQueue.concurrentPerform(iterations: threads) { group in
                var index = group
                while index < count { run(index); index += threads }
            }
        }
    }

    /// Runs `body(head)` for every head: serially with single-threaded BLAS, or over our own threads when the
    /// work is large enough to pay for them.
    func multiplyHeads(heads: Int, m: Int, n: Int, k: Int, _ body: (Int) -> Void) {
        use(1)
        parallel(heads, threads: 2 * m * n * k * heads >= parallelThreshold ? maxThreads : 1, body)
    }
}

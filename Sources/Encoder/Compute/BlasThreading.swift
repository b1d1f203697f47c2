import Foundation

/// Splits the encoder's matrix products over our own worker threads, each running single-threaded BLAS.
///
/// OpenBLAS's own threads wake up through `sched_yield` loops and cost more than they save on the small
/// products of one sentence; a persistent spinning pool (`WorkerPool`) hands out column blocks instead.
/// Products of up to `directRows` rows use OpenBLAS's copy-free direct kernel when it is available, in column
/// blocks small enough for it; larger ones use the packed `cblas_sgemm`.
final class BlasThreading: @unchecked Sendable {
    static let shared = BlasThreading()

    /// Multiply-adds (`m·n·k`) from which a step is spread over the pool.
    let parallelThreshold: Int
    /// Largest row count sent to the direct kernel.
    let directRows: Int
    let pool: WorkerPool

    /// OpenBLAS's direct kernel is meant for `m·n·k` below about 7.3 million (its own dispatch limit).
    static let directLimit = 7_000_000

    init() {
        _ = BlasRuntime.coreName
        Gemm.setThreads(1)
        let environment = ProcessInfo.processInfo.environment
        let threads = max(1, min(Int(environment["BERT_EXPLORER_THREADS"] ?? "") ?? ProcessInfo.processInfo.activeProcessorCount, 2))
        parallelThreshold = Int(environment["BERT_EXPLORER_PARALLEL_MACS"] ?? "") ?? 300_000
        directRows = Int(environment["BERT_EXPLORER_DIRECT_ROWS"] ?? "") ?? 32
        pool = WorkerPool(threads: threads)
    }

    /// `C = A · B`, row-major, `B[k×n]` not transposed, `alpha = 1`, `beta = 0`; then `epilogue(start, columns)`
    /// on each finished column block, on the thread that computed it (while the block is in cache).
    func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                  c: UnsafeMutablePointer<Float>, ldc: Int, epilogue: (_ start: Int, _ columns: Int) -> Void = { _, _ in }) {
        let work = m * n * k
        let threads = work >= parallelThreshold ? pool.threads : 1
        let direct = m <= directRows ? BlasRuntime.directMultiply : nil
        var blocks = direct == nil ? threads : max(threads, (work + Self.directLimit - 1) / Self.directLimit)
        blocks = (blocks + threads - 1) / threads * threads
        let width = ((n + blocks - 1) / blocks + 15) / 16 * 16
        pool.run(threads == 1 ? 1 : blocks) { index in
            let start = threads == 1 ? 0 : index * width
            let columns = threads == 1 ? n : min(width, n - start)
            guard columns > 0 else { return }
            if let direct {
                if threads == 1 && work > Self.directLimit {
                    var offset = 0
                    while offset < n {
                        direct(m, min(width, n - offset), k, a, lda, b + offset, ldb, c + offset, ldc)
                        offset += width
                    }
                } else {
                    direct(m, columns, k, a, lda, b + start, ldb, c + start, ldc)
                }
            } else {
                Gemm.multiply(m: m, n: columns, k: k, a: a, lda: lda, b: b + start, ldb: ldb,
                              transposeB: false, beta: 0, c: c + start, ldc: ldc)
            }
            epilogue(start, columns)
        }
    }

    /// Runs `body(i)` for `i` in `0..<count`, over the pool when `work` (multiply-adds) is large enough.
    func parallel(_ count: Int, work: Int, _ body: (Int) -> Void) {
        if work >= parallelThreshold {
            pool.run(count, body)
        } else {
            for index in 0..<count { body(index) }
        }
    }
}

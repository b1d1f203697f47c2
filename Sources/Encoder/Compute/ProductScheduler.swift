import CEncoderKernels
import Foundation

/// Schedules the encoder's products (and other parallel steps) over its worker pool.
///
/// OpenBLAS's own threads wake up through `sched_yield` loops and cost more than they save on the small
/// products of one sentence, so BLAS always runs single-threaded and a persistent spinning pool (`WorkerPool`)
/// hands out blocks of columns instead: panels of the packed AVX-512 kernel, or column slices for `cblas_sgemm`.
package final class ProductScheduler: @unchecked Sendable {
    static let shared = ProductScheduler()

    /// Multiply-adds (`m·n·k`) from which a step is spread over the pool (measured: below this the hand-off
    /// costs more than it saves).
    let parallelThreshold: Int
    let pool: WorkerPool

    init() {
        Gemm.setThreads(1)
        let environment = ProcessInfo.processInfo.environment
        parallelThreshold = Int(environment["BERT_EXPLORER_PARALLEL_MACS"] ?? "") ?? 300_000
        pool = WorkerPool(threads: Self.threadCount(environment: environment))
    }

    /// `BERT_EXPLORER_THREADS` when it is a positive number, else the machine's active cores.
    package static func threadCount(environment: [String: String]) -> Int {
        if let value = environment["BERT_EXPLORER_THREADS"], let count = Int(value), count > 0 { return min(count, 256) }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `C[m×n] = A[m×k] · W`; then `epilogue(start, columns)` on each finished column block, on the thread that
    /// computed it (while the block is in cache).
    func multiply(m: Int, a: UnsafePointer<Float>, lda: Int, weights: WeightMatrix, in arena: WeightArena,
                  c: UnsafeMutablePointer<Float>, ldc: Int, epilogue: (_ start: Int, _ columns: Int) -> Void = { _, _ in }) {
        let n = weights.n, k = weights.k
        let parallel = m * n * k >= parallelThreshold && pool.threads > 1
        let matrix = UnsafePointer(arena[weights.offset])
        switch weights.layout {
        case .panels(let element):
            let panels = weights.panels
            let pieces = parallel ? min(panels, 4 * pool.threads) : 1
            pool.run(pieces) { piece in
                let begin = panels * piece / pieces, end = panels * (piece + 1) / pieces
                bx_gemm_packed(element.c, m, n, k, a, lda, matrix, begin, end, c, ldc)
                epilogue(begin * 32, min(end * 32, n) - begin * 32)
            }
        case .tiles(let parts, let order):
            multiplyTiles(m: m, a: a, lda: lda, weights: weights, parts: parts, order: order, matrix: matrix,
                          parallel: parallel, c: c, ldc: ldc, epilogue: epilogue)
        case .rowMajor:
            let pieces = parallel ? pool.threads : 1
            let width = ((n + pieces - 1) / pieces + 15) / 16 * 16
            pool.run(pieces) { piece in
                let start = piece * width, columns = min(width, n - start)
                guard columns > 0 else { return }
                Gemm.multiply(m: m, n: columns, k: k, a: a, lda: lda, b: matrix + start, ldb: n,
                              transposeB: false, beta: 0, c: c + start, ldc: ldc)
                epilogue(start, columns)
            }
        }
    }

    /// The AMX product: the input is split into bfloat16 parts once (by row blocks over the pool), then blocks of
    /// panels (and, at long inputs, of rows) run as pieces; the epilogue runs on each column block once all its
    /// rows are done.
    private func multiplyTiles(m: Int, a: UnsafePointer<Float>, lda: Int, weights: WeightMatrix, parts: Int, order: Int,
                               matrix: UnsafePointer<Float>, parallel: Bool, c: UnsafeMutablePointer<Float>, ldc: Int,
                               epilogue: (_ start: Int, _ columns: Int) -> Void) {
        let n = weights.n, k = weights.k, panels = weights.panels, rowBlocks = (m + 15) / 16
        let inputParts = order + 1
        let split = UnsafeMutableRawPointer.allocate(byteCount: bx_amx_split_bytes(m, k, inputParts), alignment: 64)
        defer { split.deallocate() }
        let splitPieces = parallel ? min(rowBlocks, pool.threads) : 1
        pool.run(splitPieces) { piece in
            bx_amx_split(m, k, a, lda, inputParts, rowBlocks * piece / splitPieces, rowBlocks * (piece + 1) / splitPieces, split)
        }
        let pieces = parallel ? min(panels, 4 * pool.threads) : 1
        pool.run(pieces) { piece in
            let begin = panels * piece / pieces, end = panels * (piece + 1) / pieces
            bx_amx_gemm(m, n, k, split, inputParts, matrix, parts, order, 0, rowBlocks, begin, end, c, ldc)
            epilogue(begin * 32, min(end * 32, n) - begin * 32)
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

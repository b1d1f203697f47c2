import CEncoderKernels
import Foundation

/// Schedules the encoder's products (and other parallel steps) over its worker pool.
///
/// OpenBLAS's own threads wake up through `sched_yield` loops and cost more than they save on the small
/// products of one sentence, so BLAS always runs single-threaded (`Gemm`) and a persistent spinning pool (`WorkerPool`)
/// hands out blocks of columns instead: panels of the packed AVX-512 and AMX kernels (and, at long inputs with fewer
/// panels than the pool wants, blocks of rows too), or column slices for `cblas_sgemm`.
package final class ProductScheduler: @unchecked Sendable {
    static let shared = ProductScheduler()

    /// Multiply-adds (`m·n·k`) from which a step is spread over the pool (measured: below this the hand-off
    /// costs more than it saves).
    let parallelThreshold: Int
    let pool: WorkerPool

    init() {
        let environment = ProcessInfo.processInfo.environment
        parallelThreshold = Int(environment["BERT_EXPLORER_PARALLEL_MACS"] ?? "") ?? 300_000
        pool = WorkerPool(threads: Self.threadCount(environment: environment))
    }

    /// `BERT_EXPLORER_THREADS` when it is a positive number, else the machine's active cores.
    package static func threadCount(environment: [String: String]) -> Int {
        if let value = environment["BERT_EXPLORER_THREADS"], let count = Int(value), count > 0 { return min(count, 256) }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `C[m×n] = A[m×k] · W + bias` (`bias[n]`, added to every row; nil: none); then `epilogue(start, columns)` on
    /// each finished column block, on the thread that computed it (while the block is in cache). The packed kernels
    /// add the bias as they store C, the tile products start their accumulators from it, and BLAS adds it in the
    /// column block's epilogue.
    func multiply(m: Int, a: UnsafePointer<Float>, lda: Int, weights: WeightMatrix, in arena: WeightArena,
                  bias: UnsafePointer<Float>? = nil, c: UnsafeMutablePointer<Float>, ldc: Int,
                  epilogue: (_ start: Int, _ columns: Int) -> Void = { _, _ in }) {
        let n = weights.n, k = weights.k
        let parallel = m * n * k >= parallelThreshold && pool.threads > 1
        let matrix = UnsafePointer(arena[weights.offset])
        func biasThenEpilogue(_ start: Int, _ columns: Int) {
            if let bias {
                for row in 0..<m { RowOperations.add(bias + start, count: columns, to: c + row * ldc + start) }
            }
            epilogue(start, columns)
        }
        switch weights.layout {
        case .panels(let element, let tileProducts):
            if tileProducts && m >= element.tileMinimumRows {
                // The tile products start their accumulators from the bias.
                let order = Self.tileOrder
                multiplyTiles(m: m, a: a, lda: lda, k: k, n: n, panels: weights.panels, inputParts: order + 1,
                              parallel: parallel, c: c, ldc: ldc, epilogue: epilogue) { split, rows, panels in
                    // Without memory for the split panels, or with a non-finite weight, this block runs on AVX-512.
                    if bx_amx_gemm_panels(element.c, m, n, k, split, order, matrix, rows.lowerBound / 16, (rows.upperBound + 15) / 16,
                                          panels.lowerBound, panels.upperBound, bias, c, ldc) != 0 {
                        bx_gemm_packed_bias(element.c, rows.count, n, k, a + rows.lowerBound * lda, lda, matrix,
                                            panels.lowerBound, panels.upperBound, bias, c + rows.lowerBound * ldc, ldc)
                    }
                }
                return
            }
            runBlocks(m: m, n: n, panels: weights.panels, parallel: parallel, rowUnit: 12, { rows, panels in
                bx_gemm_packed_bias(element.c, rows.count, n, k, a + rows.lowerBound * lda, lda, matrix,
                                    panels.lowerBound, panels.upperBound, bias, c + rows.lowerBound * ldc, ldc)
            }, epilogue: epilogue)
        case .tiles(let parts, let order):
            multiplyTiles(m: m, a: a, lda: lda, k: k, n: n, panels: weights.panels, inputParts: order + 1, parallel: parallel,
                          c: c, ldc: ldc, epilogue: biasThenEpilogue) { split, rows, panels in
                bx_amx_gemm(m, n, k, split, order + 1, matrix, parts, order, rows.lowerBound / 16, (rows.upperBound + 15) / 16,
                            panels.lowerBound, panels.upperBound, c, ldc)
            }
        case .rowMajor:
            let pieces = parallel ? pool.threads : 1
            let width = ((n + pieces - 1) / pieces + 15) / 16 * 16
            pool.run(pieces) { piece in
                let start = piece * width, columns = min(width, n - start)
                guard columns > 0 else { return }
                Gemm.multiply(m: m, n: columns, k: k, a: a, lda: lda, b: matrix + start, ldb: n,
                              transposeB: false, beta: 0, c: c + start, ldc: ldc)
                biasThenEpilogue(start, columns)
            }
        }
    }

    /// The AMX products: the input is split into `inputParts` bfloat16 parts once (by row blocks over the pool),
    /// then `product(split, rows, panels)` runs on blocks of panels (and, at long inputs, of rows) as pieces; the
    /// epilogue runs on each column block once all its rows are done.
    private func multiplyTiles(m: Int, a: UnsafePointer<Float>, lda: Int, k: Int, n: Int, panels: Int, inputParts: Int,
                               parallel: Bool, c: UnsafeMutablePointer<Float>, ldc: Int,
                               epilogue: (_ start: Int, _ columns: Int) -> Void,
                               product: (_ split: UnsafeRawPointer, _ rows: Range<Int>, _ panels: Range<Int>) -> Void) {
        let rowBlocks = (m + 15) / 16
        let split = UnsafeMutableRawPointer.allocate(byteCount: bx_amx_split_bytes(m, k, inputParts), alignment: 64)
        defer { split.deallocate() }
        let splitPieces = parallel ? min(rowBlocks, pool.threads) : 1
        pool.run(splitPieces) { piece in
            bx_amx_split(m, k, a, lda, inputParts, rowBlocks * piece / splitPieces, rowBlocks * (piece + 1) / splitPieces, split)
        }
        // Row pieces of whole 2 × 2 tile blocks (32 rows).
        runBlocks(m: m, n: n, panels: panels, parallel: parallel, rowUnit: 32, { rows, panels in
            product(split, rows, panels)
        }, epilogue: epilogue)
    }

    /// The `amx` tile products keep the partial products of input part i and weight part j with i + j <= this
    /// (so the input is split into `tileOrder + 1` parts): the least that keeps float32's accuracy (see
    /// `KernelBackend.amx`).
    static let tileOrder = 2

    /// Pieces a product is cut into per thread: enough for a thread that finishes early to take another, few
    /// enough that each piece reads its input once over many panels (2 measured 2-7% faster than 4 at 32-512
    /// tokens, amx and avx512, 2 threads, alternating runs).
    static let piecesPerThread = 2

    /// Fewest rows a row piece takes: rows are split only at long inputs.
    static let minimumPieceRows = 64

    /// Runs `body(rows, panels)` over blocks of panels (32 columns) and, when there are fewer panels than the pool
    /// could take (many cores, narrow products) and many rows, over blocks of rows too (multiples of `rowUnit`,
    /// at least `minimumPieceRows`); the epilogue runs once per block of columns, by the piece that finishes its
    /// last rows.
    private func runBlocks(m: Int, n: Int, panels: Int, parallel: Bool, rowUnit: Int,
                           _ body: (_ rows: Range<Int>, _ panels: Range<Int>) -> Void,
                           epilogue: (_ start: Int, _ columns: Int) -> Void) {
        let wanted = Self.piecesPerThread * pool.threads
        let columnPieces = parallel ? min(panels, wanted) : 1
        let units = (m + rowUnit - 1) / rowUnit
        let rowPieces = parallel ? max(1, min((wanted + columnPieces - 1) / columnPieces, m / Self.minimumPieceRows, units)) : 1
        func columns(_ piece: Int) -> Range<Int> { panels * piece / columnPieces..<panels * (piece + 1) / columnPieces }
        func finish(_ block: Range<Int>) { epilogue(block.lowerBound * 32, min(block.upperBound * 32, n) - block.lowerBound * 32) }
        guard rowPieces > 1 else {
            pool.run(columnPieces) { piece in
                let block = columns(piece)
                body(0..<m, block)
                finish(block)
            }
            return
        }
        let remaining = UnsafeMutablePointer<Int>.allocate(capacity: columnPieces)
        remaining.initialize(repeating: rowPieces, count: columnPieces)
        defer { remaining.deallocate() }
        pool.run(columnPieces * rowPieces) { piece in
            let column = piece / rowPieces, row = piece % rowPieces, block = columns(column)
            let first = units * row / rowPieces * rowUnit, last = min(m, units * (row + 1) / rowPieces * rowUnit)
            if first < last { body(first..<last, block) }
            // The last row piece of a column block to finish sees the others' rows (acquire-release).
            if bx_atomic_fetch_add(remaining + column, -1) == 1 { finish(block) }
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

import CEncoderKernels
import Foundation

/// The code that runs a model's products, softmax and activation, chosen once per model at load.
///
/// Each backend owns the layout its weight matrices are stored in (`matrix(k:n:dtypes:)` gives the layout and
/// its size in the arena; `pack` writes a checkpoint tensor into it).
public enum KernelBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    /// AMX-BF16 tile products with float32-level accuracy on `avx512`'s weight panels: from
    /// `PanelElement.tileMinimumRows` input rows, each panel is split as it is used into bfloat16 parts that sum
    /// to it exactly (float32: three; float16: two; bfloat16: one), the input into three, and the partial products
    /// of parts i, j with i + j <= 2 (hi·hi, lo·hi, hi·lo, lo₂·hi, lo·lo, hi·lo₂) are summed in float32; shorter
    /// inputs, attention, softmax and GELU run as `avx512`. Three products (i + j <= 1) measured 25 times the
    /// float32 error on the parity fixtures, above the limits.
    case amx
    /// The encoder's own AVX-512 kernels on weights packed at load into 32-column panels (16-bit checkpoints stay
    /// 16-bit), AVX-512 softmax and GELU.
    case avx512
    /// Plain bfloat16 products on AMX (inputs and weights rounded to bfloat16, one tile product): several times
    /// faster products, errors of bfloat16 (about 1e-2). Opt-in only (`--precision bf16`), never the default, and
    /// not in `available`.
    case amxBF16 = "amx-bf16"
    /// `cblas_sgemm` (OpenBLAS; Accelerate on macOS) on row-major float32 weights, portable Swift SIMD softmax
    /// and activations. Runs everywhere.
    case blas

    public var description: String { rawValue }

    /// True when this backend can run on this machine.
    public var isAvailable: Bool {
        switch self {
        case .avx512: return Self.hasAVX512
        case .amx, .amxBF16: return Self.hasAMX
        case .blas: return true
        }
    }

    /// False for `amxBF16`, whose products round to bfloat16; the others match float32 `transformers`.
    public var isExact: Bool { self != .amxBF16 }

    /// Every float32-exact backend this machine can run, fastest first.
    public static var available: [KernelBackend] { allCases.filter { $0.isAvailable && $0.isExact } }

    /// The fastest available backend, or the one `BERT_EXPLORER_KERNEL` names (when available).
    public static let preferred: KernelBackend = {
        if let name = ProcessInfo.processInfo.environment["BERT_EXPLORER_KERNEL"], let chosen = KernelBackend(rawValue: name),
           chosen.isAvailable {
            return chosen
        }
        return available[0]
    }()

    private static let hasAVX512 = bx_has_avx512() != 0
    private static let hasAMX = bx_has_amx() != 0

    /// True when weight matrices are packed into panels and the AVX-512 row kernels run.
    var isPacked: Bool { self != .blas }

    /// The layout a `[k, n]` weight (PyTorch `Linear` weights of `dtypes`, stacked along n) takes on this backend,
    /// at offset 0; its `storage` is the number of floats to reserve for it.
    func matrix(k: Int, n: Int, dtypes: [TensorDType]) -> WeightMatrix {
        switch self {
        case .blas:
            return WeightMatrix(k: k, n: n, layout: .rowMajor)
        case .avx512, .amx:
            let element: PanelElement = switch Self.shared(dtypes) {
            case .f16: .float16
            case .bf16: .bfloat16
            default: .float32
            }
            return WeightMatrix(k: k, n: n, layout: .panels(element, tileProducts: self == .amx))
        case .amxBF16:
            return WeightMatrix(k: k, n: n, layout: .tiles(parts: 1, order: 0))
        }
    }

    /// The dtype every one of `dtypes` has, or nil when they differ or there are none.
    private static func shared(_ dtypes: [TensorDType]) -> TensorDType? {
        guard let first = dtypes.first, dtypes.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    /// Writes one PyTorch `Linear` weight `[rows, k]` of `dtype` (little-endian `source`) into `matrix`'s layout at
    /// `target`, as the columns `firstColumn..<firstColumn + rows` of `W[k, n]`; writes stay inside
    /// `matrix.storage` floats. The padding past n is left as it is (the arena starts zeroed).
    func pack(_ source: UnsafeRawBufferPointer, dtype: TensorDType, rows: Int, firstColumn: Int,
              into target: UnsafeMutableRawPointer, as matrix: WeightMatrix) {
        let k = matrix.k, n = matrix.n
        precondition(source.count >= rows * k * dtype.size && firstColumn + rows <= n)
        guard rows > 0, k > 0, let base = source.baseAddress else { return }
        var elementSize = 4
        if case .panels(let element, _) = matrix.layout { elementSize = element.size }
        // 16-bit panels keep the checkpoint's bits; float32 targets (float32 panels, row-major, and amx-bf16's tiles,
        // rounded from float32) convert the whole tensor once first, unless it already is float32.
        var converted: UnsafeMutablePointer<Float>?
        if elementSize == 4 && dtype != .f32 {
            converted = .allocate(capacity: rows * k)
            FloatConversion.convert(source, dtype: dtype, count: rows * k, into: converted!)
        }
        defer { converted?.deallocate() }
        let from = converted.map { UnsafeRawPointer($0) } ?? base
        switch matrix.layout {
        case .tiles(let parts, _):
            // bx_amx_pack reads with unaligned loads, so a float32 tensor is read in place.
            bx_amx_pack(from.assumingMemoryBound(to: Float.self), rows, k, firstColumn, parts, target)
        case .rowMajor:
            // Column firstColumn + r of W[k, n] is row r of the tensor.
            bx_transpose(from, k, target + firstColumn * 4, n, rows, k, 4)
        case .panels:
            // Panel p holds columns 32p..<32p + 32 as k rows of 32: transpose the tensor's rows panel by panel.
            var r = 0
            while r < rows {
                let column = firstColumn + r, lane = column % 32, count = min(rows - r, 32 - lane)
                let panelStart = (column / 32) * k * 32 + lane
                bx_transpose(from + r * k * elementSize, k, target + panelStart * elementSize, 32, count, k, elementSize)
                r += count
            }
        }
    }

    /// `C[m×n] = A[m×k] · op(B)`, `op(B)` being `B[k×n]`, or `Bᵀ` for a stored `B[n×k]` when `transposeB` is set, on
    /// the calling thread: the small products of the value-norm captures. The packed backends pack B into 32-column
    /// panels for their own kernel, so a program on them never loads OpenBLAS (`CLazyBLAS`); `blas` calls BLAS.
    func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                  transposeB: Bool, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let operand = UnsafeMutablePointer<Float>.allocate(capacity: operandFloats(k: k, n: n))
        defer { operand.deallocate() }
        writeOperand(b, ldb: ldb, transposeB: transposeB, k: k, n: n, into: operand)
        multiply(m: m, n: n, k: k, a: a, lda: lda, operand: operand, c: c, ldc: ldc)
    }

    /// Floats `writeOperand` writes for an operand of `k × n`.
    func operandFloats(k: Int, n: Int) -> Int { isPacked ? (n + 31) / 32 * 32 * k : k * n }

    /// op(B) (`k × n`; see `multiply`) in the layout `multiply(…, operand:…)` reads: 32-column panels (`k × 32`
    /// each, zero past n) for the packed backends, row-major for `blas`. An operand used on every pass (the value
    /// norms' Gram matrices) is written once and kept.
    func writeOperand(_ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool, k: Int, n: Int, into operand: UnsafeMutablePointer<Float>) {
        guard isPacked else {
            for row in 0..<k {
                if transposeB {
                    for column in 0..<n { operand[row * n + column] = b[column * ldb + row] }
                } else {
                    (operand + row * n).update(from: b + row * ldb, count: n)
                }
            }
            return
        }
        let panels = (n + 31) / 32
        for panel in 0..<panels {
            let first = panel * 32, width = min(32, n - first), target = operand + panel * 32 * k
            // Only a last, partial panel has columns past n to zero (attention packs every head's keys this way
            // on every pass).
            if width < 32 { target.initialize(repeating: 0, count: 32 * k) }
            if transposeB {
                bx_transpose(b + first * ldb, ldb, target, 32, width, k, 4)
            } else {
                for row in 0..<k { (target + row * 32).update(from: b + row * ldb + first, count: width) }
            }
        }
    }

    /// `C[m×n] = A[m×k] · operand`, an operand from `writeOperand`, on the calling thread.
    func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, operand: UnsafePointer<Float>,
                  c: UnsafeMutablePointer<Float>, ldc: Int) {
        if isPacked {
            bx_gemm_packed(BX_ELEMENT_F32, m, n, k, a, lda, operand, 0, (n + 31) / 32, c, ldc)
        } else {
            Gemm.multiply(m: m, n: n, k: k, a: a, lda: lda, b: operand, ldb: n, transposeB: false, beta: 0, c: c, ldc: ldc)
        }
    }

    /// Applies the feed-forward activation to `count` floats in place.
    func activate(_ data: UnsafeMutablePointer<Float>, count: Int, _ activation: BertConfig.Activation) {
        if activation == .gelu && isPacked {
            bx_gelu_erf(data, count)
        } else {
            RowOperations.activate(data, count: count, activation)
        }
    }
}

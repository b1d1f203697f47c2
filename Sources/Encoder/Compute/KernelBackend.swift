import CEncoderKernels
import Foundation

/// The code that runs a model's products, softmax and activation, chosen once per model at load.
///
/// Each backend owns the layout its weight matrices are stored in (`matrix(k:n:dtypes:)` gives the layout and
/// its size in the arena; `pack` writes a checkpoint tensor into it).
public enum KernelBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The encoder's own AVX-512 kernels on weights packed at load into 32-column panels (16-bit checkpoints stay
    /// 16-bit), AVX-512 softmax and GELU.
    case avx512
    /// `cblas_sgemm` (OpenBLAS; Accelerate on macOS) on row-major float32 weights, portable Swift SIMD softmax
    /// and activations. Runs everywhere.
    case blas

    public var description: String { rawValue }

    /// True when this backend can run on this machine.
    public var isAvailable: Bool {
        switch self {
        case .avx512: return Self.hasAVX512
        case .blas: return true
        }
    }

    /// Every backend this machine can run, fastest first.
    public static var available: [KernelBackend] { allCases.filter(\.isAvailable) }

    /// The fastest available backend, or the one `BERT_EXPLORER_KERNEL` names (when available).
    public static let preferred: KernelBackend = {
        if let name = ProcessInfo.processInfo.environment["BERT_EXPLORER_KERNEL"], let chosen = KernelBackend(rawValue: name),
           chosen.isAvailable {
            return chosen
        }
        return available[0]
    }()

    private static let hasAVX512 = bx_has_avx512() != 0

    /// True when weight matrices are packed into panels and the AVX-512 row kernels run.
    var isPacked: Bool { self != .blas }

    /// The layout a `[k, n]` weight (PyTorch `Linear` weights of `dtypes`, stacked along n) takes on this backend,
    /// at offset 0; its `storage` is the number of floats to reserve for it.
    func matrix(k: Int, n: Int, dtypes: [TensorDType]) -> WeightMatrix {
        switch self {
        case .blas:
            return WeightMatrix(k: k, n: n, layout: .rowMajor)
        case .avx512:
            let element: PanelElement
            if !dtypes.isEmpty, dtypes.allSatisfy({ $0 == .f16 }) { element = .float16 }
            else if !dtypes.isEmpty, dtypes.allSatisfy({ $0 == .bf16 }) { element = .bfloat16 }
            else { element = .float32 }
            return WeightMatrix(k: k, n: n, layout: .panels(element))
        }
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
        if case .panels(let element) = matrix.layout { elementSize = element.size }
        // 16-bit panels keep the checkpoint's bits; float32 targets convert the whole tensor once first.
        var converted: UnsafeMutablePointer<Float>?
        if elementSize == 4 && dtype != .f32 {
            converted = .allocate(capacity: rows * k)
            FloatConversion.convert(source, dtype: dtype, count: rows * k, into: converted!)
        }
        defer { converted?.deallocate() }
        let from = converted.map { UnsafeRawPointer($0) } ?? base
        guard matrix.layout != .rowMajor else {
            // Column firstColumn + r of W[k, n] is row r of the tensor.
            bx_transpose(from, k, target + firstColumn * 4, n, rows, k, 4)
            return
        }
        // Panel p holds columns 32p..<32p + 32 as k rows of 32: transpose the tensor's rows panel by panel.
        var r = 0
        while r < rows {
            let column = firstColumn + r, lane = column % 32, count = min(rows - r, 32 - lane)
            let panelStart = (column / 32) * k * 32 + lane
            bx_transpose(from + r * k * elementSize, k, target + panelStart * elementSize, 32, count, k, elementSize)
            r += count
        }
    }

    /// Softmax of `scale · x` over each `n`-wide row (row stride `stride`), in place. A row holding NaN or +inf, or
    /// only -inf, becomes NaN (as in PyTorch).
    func softmax(_ data: UnsafeMutablePointer<Float>, rows: Int, n: Int, stride: Int, scale: Float) {
        switch self {
        case .avx512: bx_softmax_rows(data, rows, n, stride, scale)
        case .blas: RowOperations.softmax(data, rows: rows, n: n, stride: stride, scale: scale)
        }
    }

    /// Applies the feed-forward activation to `count` floats in place.
    func activate(_ data: UnsafeMutablePointer<Float>, count: Int, _ activation: BertConfig.Activation) {
        if activation == .gelu && self == .avx512 {
            bx_gelu_erf(data, count)
        } else {
            RowOperations.activate(data, count: count, activation)
        }
    }
}

import Foundation

/// Copies tensors from a safetensors file into the float32 arena, checking names and shapes.
///
/// Names are looked up without a prefix and with `bert.` (BertForMaskedLM, BertForSequenceClassification);
/// old TensorFlow-converted LayerNorm parameters named `gamma`/`beta` are accepted too.
struct WeightLoader {
    let file: SafeTensorsFile
    let prefix: String
    let arena: WeightArena
    private(set) var cursor = 0

    init(file: SafeTensorsFile, arena: WeightArena) {
        self.file = file
        self.arena = arena
        prefix = file.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
    }

    /// Reserves `count` floats and returns their offset.
    mutating func reserve(_ count: Int) -> Int {
        defer { cursor += count }
        return cursor
    }

    /// The tensor called `name` (canonical, without prefix), checked against `shape`.
    func info(_ name: String, shape: [Int]) throws -> TensorInfo {
        var candidates = [prefix + name]
        if name.hasSuffix("LayerNorm.weight") { candidates.append(prefix + name.dropLast(6) + "gamma") }
        if name.hasSuffix("LayerNorm.bias") { candidates.append(prefix + name.dropLast(4) + "beta") }
        guard let info = candidates.lazy.compactMap({ file.tensors[$0] }).first else {
            throw ModelLoadError("tensor \(prefix + name) is missing from model.safetensors (expected shape \(shape))")
        }
        guard info.shape == shape else {
            throw ModelLoadError("tensor \(info.name) has shape \(info.shape), expected \(shape)")
        }
        guard info.dtype.isFloatWeight else {
            throw ModelLoadError("tensor \(info.name) has dtype \(info.dtype.rawValue); weights must be F32, F16 or BF16")
        }
        return info
    }

    /// Loads `name` into a fresh slot of the arena and returns its offset.
    mutating func load(_ name: String, shape: [Int]) throws -> Int {
        let tensor = try info(name, shape: shape)
        let offset = reserve(tensor.elementCount)
        Self.convert(file.bytes(of: tensor), dtype: tensor.dtype, count: tensor.elementCount, into: arena[offset])
        file.release(tensor)
        return offset
    }

    /// Loads several tensors of equal trailing shape one after another (e.g. query, key, value) into one slot.
    mutating func loadStacked(_ names: [String], shape: [Int]) throws -> Int {
        let tensors = try names.map { try info($0, shape: shape) }
        let offset = reserve(tensors.reduce(0) { $0 + $1.elementCount })
        var position = offset
        for tensor in tensors {
            Self.convert(file.bytes(of: tensor), dtype: tensor.dtype, count: tensor.elementCount, into: arena[position])
            file.release(tensor)
            position += tensor.elementCount
        }
        return offset
    }

    /// Loads `[out, in]` matrices (PyTorch `Linear` weights), stacked along `out`, as one `W[in, Σout]` for
    /// `X · W`, in the layout `backend` keeps.
    mutating func loadMatrix(_ names: [String], out: Int, in inner: Int, backend: KernelBackend) throws -> WeightMatrix {
        let tensors = try names.map { try info($0, shape: [out, inner]) }
        var matrix = backend.matrix(k: inner, n: out * tensors.count, dtypes: tensors.map(\.dtype))
        matrix.offset = reserve(matrix.storage)
        let target = UnsafeMutableRawPointer(arena[matrix.offset])
        target.initializeMemory(as: Float.self, repeating: 0, count: matrix.storage)
        for (index, tensor) in tensors.enumerated() {
            backend.pack(file.bytes(of: tensor), dtype: tensor.dtype, rows: out, firstColumn: index * out, into: target, as: matrix)
            file.release(tensor)
        }
        return matrix
    }

    /// Converts `count` little-endian elements to float32.
    static func convert(_ bytes: UnsafeRawBufferPointer, dtype: TensorDType, count: Int, into out: UnsafeMutablePointer<Float>) {
        guard count > 0, let source = bytes.baseAddress else { return }
        switch dtype {
        case .f32:
            UnsafeMutableRawPointer(out).copyMemory(from: source, byteCount: count * 4)
        case .bf16:
            for i in 0..<count {
                let raw = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                out[i] = Float(bitPattern: UInt32(raw) << 16)
            }
        case .f16:
            HalfConversion.convert(source, count: count, into: out)
        default:
            preconditionFailure("only float weights are converted")
        }
    }
}

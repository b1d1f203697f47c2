import Foundation

/// Copies tensors from a safetensors file into the float32 arena, checking names and shapes.
///
/// Names are looked up without a prefix and with `bert.` (BertForMaskedLM, BertForSequenceClassification);
/// old TensorFlow-converted LayerNorm parameters named `gamma`/`beta` are accepted too.
struct WeightLoader {
    let file: SafeTensorsFile
    let prefix: String

    init(file: SafeTensorsFile) {
        self.file = file
        prefix = file.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
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

    /// Resolves every entry of `plan` against the file, sizes the arena from the storage each entry really
    /// takes, then converts the tensors into it; every write goes through a bounds-checked reserve.
    func load(_ plan: LoadPlan, packed: Bool) throws -> LoadedWeights {
        var resolved: [(entry: LoadPlan.Entry, tensors: [TensorInfo], floats: Int, matrix: WeightMatrix?)] = []
        var total = 0
        for entry in plan.entries {
            let tensors = try entry.names.map { try info($0, shape: entry.shape) }
            var matrix: WeightMatrix?
            let floats: Int
            switch entry.storage {
            case .vector:
                floats = tensors.reduce(0) { $0 + $1.elementCount }
            case .matrix:
                precondition(entry.shape.count == 2, "a matrix entry has a 2-D shape")
                let layout = WeightMatrix.layout(k: entry.shape[1], n: entry.shape[0] * tensors.count,
                                                 dtypes: tensors.map(\.dtype), packed: packed)
                matrix = layout
                floats = layout.storage
            }
            let (sum, overflow) = total.addingReportingOverflow(floats)
            guard !overflow else { throw ModelLoadError("model.safetensors: weights too large to load") }
            total = sum
            resolved.append((entry, tensors, floats, matrix))
        }
        let arena = WeightArena(count: total)
        var cursor = 0
        func reserve(_ count: Int, for name: String) throws -> Int {
            guard count >= 0, count <= arena.count - cursor else {
                throw ModelLoadError("tensor \(prefix + name) does not fit the weight arena (\(count) floats at \(cursor) of \(arena.count))")
            }
            defer { cursor += count }
            return cursor
        }
        var offsets: [WeightSlot: Int] = [:], matrices: [WeightSlot: WeightMatrix] = [:]
        for (entry, tensors, floats, layout) in resolved {
            let offset = try reserve(floats, for: entry.names[0])
            if var matrix = layout {
                matrix.offset = offset
                pack(tensors, rows: entry.shape[0], into: matrix, arena: arena)
                matrices[entry.slot] = matrix
            } else {
                var position = offset
                for tensor in tensors {
                    Self.convert(file.bytes(of: tensor), dtype: tensor.dtype, count: tensor.elementCount, into: arena[position])
                    file.release(tensor)
                    position += tensor.elementCount
                }
                offsets[entry.slot] = offset
            }
        }
        return LoadedWeights(arena: arena, offsets: offsets, matrices: matrices)
    }

    /// Writes `[rows, k]` matrices (PyTorch `Linear` weights), stacked along `rows`, as `matrix` lays out
    /// `W[k, Σrows]` for `X · W`: packed in 32-column panels (keeping 16-bit elements 16-bit), else plainly
    /// transposed. Writes stay inside `matrix.storage` floats from `matrix.offset`.
    private func pack(_ tensors: [TensorInfo], rows out: Int, into matrix: WeightMatrix, arena: WeightArena) {
        let inner = matrix.k, packed = matrix.packed
        let target = UnsafeMutableRawPointer(arena[matrix.offset])
        target.initializeMemory(as: Float.self, repeating: 0, count: matrix.storage)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: out * inner)
        defer { scratch.deallocate() }
        for (index, tensor) in tensors.enumerated() {
            let bytes = file.bytes(of: tensor)
            if matrix.kind == 0 { Self.convert(bytes, dtype: tensor.dtype, count: out * inner, into: scratch) }
            let halves = bytes.baseAddress!.assumingMemoryBound(to: UInt16.self)
            let floats = target.assumingMemoryBound(to: Float.self), shorts = target.assumingMemoryBound(to: UInt16.self)
            let block = 32
            for rowStart in stride(from: 0, to: out, by: block) {
                for columnStart in stride(from: 0, to: inner, by: block) {
                    for row in rowStart..<min(rowStart + block, out) {
                        let column = index * out + row
                        let base = packed ? (column / 32) * inner * 32 + column % 32 : column
                        let stride = packed ? 32 : matrix.n
                        let columns = columnStart..<min(columnStart + block, inner)
                        if matrix.kind == 0 {
                            let source = scratch + row * inner
                            for k in columns { floats[base + k * stride] = source[k] }
                        } else {
                            let source = halves + row * inner
                            for k in columns { shorts[base + k * stride] = source[k] }
                        }
                    }
                }
            }
            file.release(tensor)
        }
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

import Foundation

/// Copies the tensors of a `LoadPlan` from a `TensorStore` into the weight arena, checking names and shapes.
struct WeightLoader {
    let store: TensorStore

    /// Resolves every entry of `plan` against the file, sizes the arena from the storage each entry really
    /// takes, then converts the tensors into it; every write goes through a bounds-checked reserve.
    func load(_ plan: LoadPlan, packed: Bool) throws -> LoadedWeights {
        var resolved: [(entry: LoadPlan.Entry, tensors: [StoredTensor], floats: Int, matrix: WeightMatrix?)] = []
        var total = 0
        for entry in plan.entries {
            let tensors = try entry.names.map { try store.require($0, shape: entry.shape) }
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
            guard !overflow else { throw ModelLoadError("\(store.label): weights too large to load") }
            total = sum
            resolved.append((entry, tensors, floats, matrix))
        }
        let arena = WeightArena(count: total)
        var cursor = 0
        func reserve(_ count: Int, for name: String) throws -> Int {
            guard count >= 0, count <= arena.count - cursor else {
                throw ModelLoadError("tensor \(store.prefix + name) does not fit the weight arena (\(count) floats at \(cursor) of \(arena.count))")
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
                    FloatConversion.convert(tensor.bytes, dtype: tensor.dtype, count: tensor.elementCount, into: arena[position])
                    tensor.release()
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
    private func pack(_ tensors: [StoredTensor], rows out: Int, into matrix: WeightMatrix, arena: WeightArena) {
        let inner = matrix.k, packed = matrix.packed
        let target = UnsafeMutableRawPointer(arena[matrix.offset])
        target.initializeMemory(as: Float.self, repeating: 0, count: matrix.storage)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: out * inner)
        defer { scratch.deallocate() }
        for (index, tensor) in tensors.enumerated() {
            let bytes = tensor.bytes
            if matrix.kind == 0 { FloatConversion.convert(bytes, dtype: tensor.dtype, count: out * inner, into: scratch) }
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
            tensor.release()
        }
    }
}

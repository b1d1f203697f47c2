import Foundation

/// Copies the tensors of a `LoadPlan` from a `TensorStore` into the weight arena, checking names and shapes.
struct WeightLoader {
    let store: TensorStore

    /// Resolves every entry of `plan` against the file, sizes the arena from the storage each entry really
    /// takes in `backend`'s layout, then converts the tensors into it; every write goes through a bounds-checked
    /// reserve.
    func load(_ plan: LoadPlan, backend: KernelBackend) throws -> LoadedWeights {
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
                let layout = backend.matrix(k: entry.shape[1], n: entry.shape[0] * tensors.count,
                                            dtypes: tensors.map(\.dtype))
                matrix = layout
                floats = layout.storage
            }
            // Each weight starts on a 64-byte line (the arena's base is page aligned).
            let (sum, overflow) = total.addingReportingOverflow(Self.aligned(floats))
            guard !overflow else { throw ModelLoadError("\(store.label): weights too large to load") }
            total = sum
            resolved.append((entry, tensors, floats, matrix))
        }
        let arena = WeightArena(count: total)
        var cursor = 0
        func reserve(_ count: Int, for name: String) throws -> Int {
            guard count >= 0, Self.aligned(count) <= arena.count - cursor else {
                throw ModelLoadError("tensor \(store.prefix + name) does not fit the weight arena (\(count) floats at \(cursor) of \(arena.count))")
            }
            defer { cursor += Self.aligned(count) }
            return cursor
        }
        var offsets: [WeightSlot: Int] = [:], matrices: [WeightSlot: WeightMatrix] = [:]
        for (entry, tensors, floats, layout) in resolved {
            let offset = try reserve(floats, for: entry.names[0])
            if var matrix = layout {
                matrix.offset = offset
                // The arena starts zeroed, which is the padding past n.
                let target = UnsafeMutableRawPointer(arena[offset])
                for (index, tensor) in tensors.enumerated() {
                    backend.pack(tensor.bytes, dtype: tensor.dtype, rows: entry.shape[0], firstColumn: index * entry.shape[0],
                                 into: target, as: matrix)
                    tensor.release()
                }
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

    /// `floats` rounded up to whole 64-byte lines.
    private static func aligned(_ floats: Int) -> Int {
        (floats + WeightArena.alignment - 1) / WeightArena.alignment * WeightArena.alignment
    }
}

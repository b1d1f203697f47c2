/// The list of tensors an encoder loads into its weight arena: for each, its slot, checkpoint name(s), shape
/// and how it is stored.
///
/// The arena is sized from this same list (`ResolvedLoadPlan.arenaFloats`), with each matrix's storage size
/// taken from the layout it will really get, so the size and the writes cannot drift apart.
struct LoadPlan: Sendable {
    enum Storage: Sendable {
        /// Float32 values copied in order (several names are stacked one after another).
        case vector
        /// PyTorch `Linear` weights `[out, in]`, stacked along `out`, laid out by `WeightMatrix.layout`.
        case matrix
    }

    struct Entry: Sendable {
        let slot: WeightSlot
        /// Canonical names (without the architecture prefix); more than one are stacked (query, key, value).
        let names: [String]
        /// The shape of each named tensor.
        let shape: [Int]
        let storage: Storage
    }

    private(set) var entries: [Entry] = []

    mutating func add(_ slot: WeightSlot, _ names: [String], shape: [Int], _ storage: Storage = .vector) {
        entries.append(Entry(slot: slot, names: names, shape: shape, storage: storage))
    }

    /// Elements the plan declares, or nil on arithmetic overflow (sizes come from config.json).
    var declaredElements: Int? {
        var total = 0
        for entry in entries {
            var elements = entry.names.count
            for dimension in entry.shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
                guard !overflow else { return nil }
                elements = product
            }
            let (sum, overflow) = total.addingReportingOverflow(elements)
            guard !overflow else { return nil }
            total = sum
        }
        return total
    }
}

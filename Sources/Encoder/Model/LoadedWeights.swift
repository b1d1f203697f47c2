/// The weight arena after a `LoadPlan` has been loaded, with where each slot landed.
struct LoadedWeights: Sendable {
    let arena: WeightArena
    let offsets: [WeightSlot: Int]
    let matrices: [WeightSlot: WeightMatrix]

    /// The float32 values of a vector slot (every slot of the plan was loaded, so a miss is a programming error).
    func vector(_ slot: WeightSlot) -> Int {
        guard let offset = offsets[slot] else { preconditionFailure("slot \(slot) was not in the load plan") }
        return offset
    }

    func matrix(_ slot: WeightSlot) -> WeightMatrix {
        guard let matrix = matrices[slot] else { preconditionFailure("slot \(slot) was not in the load plan") }
        return matrix
    }
}

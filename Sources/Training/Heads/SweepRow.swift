/// One layer of a probe sweep: the validation scores of the head fitted on that layer.
public struct SweepRow: Sendable, Codable, Equatable {
    public var layer: Int
    public var accuracy: Double
    public var macroF1: Double
    public var entityF1: Double?

    public init(layer: Int, accuracy: Double, macroF1: Double, entityF1: Double? = nil) {
        self.layer = layer
        self.accuracy = accuracy
        self.macroF1 = macroF1
        self.entityF1 = entityF1
    }
}

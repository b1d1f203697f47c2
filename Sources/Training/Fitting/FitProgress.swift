/// One line of fitting progress: after an epoch (Adam) or an L-BFGS iteration.
public struct FitProgress: Sendable {
    public let epoch: Int
    public let loss: Double
    public let validationLoss: Double?
    public let validationAccuracy: Double?
}

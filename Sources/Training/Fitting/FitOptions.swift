/// How a head is fitted.
public struct FitOptions: Sendable, Codable, Equatable {
    public var kind: HeadKind
    /// Hidden units of the MLP.
    public var hidden: Int
    /// Maximum epochs (Adam) or iterations (L-BFGS).
    public var epochs: Int
    public var learningRate: Float
    public var l2: Float
    public var seed: UInt64
    /// Stop after this many epochs without a lower validation loss (the best weights are kept).
    public var patience: Int
    public var batchSize: Int

    public init(kind: HeadKind = .linear, hidden: Int = 256, epochs: Int? = nil, learningRate: Float = 1e-3,
                l2: Float = 1e-4, seed: UInt64 = 0, patience: Int? = nil, batchSize: Int = 64) {
        self.kind = kind
        self.hidden = hidden
        self.epochs = epochs ?? (kind == .linear ? 300 : 40)
        self.learningRate = learningRate
        self.l2 = l2
        self.seed = seed
        self.patience = patience ?? (kind == .linear ? 20 : 4)
        self.batchSize = batchSize
    }
}

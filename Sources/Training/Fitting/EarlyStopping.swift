/// Remembers the weights of the lowest validation loss; says stop after `patience` epochs without a new low.
struct EarlyStopping {
    let patience: Int
    private(set) var best: [Float]
    private var bestLoss = Double.infinity
    private var since = 0

    init(patience: Int, start: [Float]) {
        self.patience = patience
        best = start
    }

    mutating func observe(_ loss: Double, _ parameters: [Float]) -> Bool {
        if loss < bestLoss {
            bestLoss = loss
            best = parameters
            since = 0
            return false
        }
        since += 1
        return since >= patience
    }
}

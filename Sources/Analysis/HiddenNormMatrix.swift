import Encoder

/// Hidden-state norms per layer and token, and how far each layer moves each token.
public struct HiddenNormMatrix: Sendable, Equatable {
    /// `[layer 0...layers][token]`: L2 norm of each hidden state; layer 0 is the embedding output.
    public let norms: [[Float]]
    /// `[layer 1...layers][token]` (index 0 is layer 1): L2 norm of `h[l] - h[l-1]`.
    public let changes: [[Float]]

    public init(norms: [[Float]], changes: [[Float]]) {
        self.norms = norms
        self.changes = changes
    }

    public init(_ output: EncoderOutput) {
        let n = output.tokens, d = output.hiddenSize
        norms = output.hiddenNorms()
        changes = (1..<(output.layers + 1)).map { layer in
            let current = output.hiddenStates[layer], previous = output.hiddenStates[layer - 1]
            return (0..<n).map { t in
                var sum: Float = 0
                for i in (t * d)..<((t + 1) * d) {
                    let delta = current[i] - previous[i]
                    sum += delta * delta
                }
                return sum.squareRoot()
            }
        }
    }
}

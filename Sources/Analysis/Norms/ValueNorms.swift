import Encoder

/// `‖f_h(x_j)‖` for every layer, head and token: the norm of what token `j` would contribute through head `h`
/// if it received all the attention, `f_h(x) = (x W_V^h + b_V^h) W_O^h` (the head's slice of the output
/// projection, without its bias), as Kobayashi et al. (2020) define it.
public struct ValueNorms: Sendable, Equatable {
    public let layers: Int
    public let heads: Int
    public let tokens: Int
    /// `layers` arrays of `heads * tokens` values, `[head][token]`.
    public let norms: [[Float]]

    public init(layers: Int, heads: Int, tokens: Int, norms: [[Float]]) {
        precondition(norms.count == layers && norms.allSatisfy { $0.count == heads * tokens },
                     "value norms need \(layers) layers of \(heads) × \(tokens) values")
        self.layers = layers
        self.heads = heads
        self.tokens = tokens
        self.norms = norms
    }

    /// The norms an encoder captured (`CaptureOptions.valueNorms`), or nil when it did not.
    public init?(_ output: EncoderOutput) {
        guard output.valueNorms.count == output.layers, output.layers > 0 else { return nil }
        self.init(layers: output.layers, heads: output.heads, tokens: output.tokens,
                  norms: output.valueNorms.map { Array($0) })
    }

    /// The norms of one head's tokens (layer 0-based).
    public func norms(layer: Int, head: Int) -> [Float] {
        Array(norms[layer][(head * tokens)..<((head + 1) * tokens)])
    }
}

/// What one forward pass captured: every layer's attention probabilities and hidden states.
///
/// Storage is flat and row-major so that views can index it without copying:
/// `attentions[l]` holds layer `l + 1`'s probabilities as `[head][query][key]`,
/// `hiddenStates[l]` holds layer `l`'s output as `[token][dim]`, where layer 0 is the embedding output.
public struct EncoderOutput: Sendable {
    public let layers: Int
    public let heads: Int
    public let tokens: Int
    public let hiddenSize: Int
    /// `layers` arrays of `heads * tokens * tokens` floats.
    public let attentions: [[Float]]
    /// `layers + 1` arrays of `tokens * hiddenSize` floats.
    public let hiddenStates: [[Float]]
    /// The first index into `hiddenStates` (0: the embeddings, `l`: layer `l`'s output) holding a NaN or an
    /// infinity, or nil when every value is finite. Non-finite weights propagate as in PyTorch (a NaN in a query
    /// weight gives NaN attention rows, never a masked row), and a layer whose attention probabilities are NaN
    /// has a NaN output too, so this also names the first layer with non-finite attention.
    public let firstNonFiniteLayer: Int?

    public init(layers: Int, heads: Int, tokens: Int, hiddenSize: Int, attentions: [[Float]], hiddenStates: [[Float]]) {
        precondition(attentions.count == layers && hiddenStates.count == layers + 1)
        self.layers = layers
        self.heads = heads
        self.tokens = tokens
        self.hiddenSize = hiddenSize
        self.attentions = attentions
        self.hiddenStates = hiddenStates
        firstNonFiniteLayer = hiddenStates.firstIndex { !Self.allFinite($0) }
    }

    /// True when no value is NaN or infinite (`x · 0` is 0 for finite x and NaN otherwise).
    private static func allFinite(_ values: [Float]) -> Bool {
        values.withUnsafeBufferPointer { buffer in
            var lanes = SIMD16<Float>.zero
            let vectors = buffer.count / 16
            let raw = UnsafeRawPointer(buffer.baseAddress)
            for v in 0..<vectors { lanes += raw!.loadUnaligned(fromByteOffset: v * 64, as: SIMD16<Float>.self) * 0 }
            var tail: Float = 0
            for i in (vectors * 16)..<buffer.count { tail += buffer[i] * 0 }
            return (lanes.sum() + tail) == 0
        }
    }

    /// Attention probability of `query` to `key` in `head` of `layer` (0-based layer index into `attentions`).
    @inlinable
    public func attention(layer: Int, head: Int, query: Int, key: Int) -> Float {
        attentions[layer][(head * tokens + query) * tokens + key]
    }

    /// L2 norm of every token's hidden state, `[layer 0...layers][token]`.
    public func hiddenNorms() -> [[Float]] {
        hiddenStates.map { states in
            (0..<tokens).map { t in
                var sum: Float = 0
                for d in 0..<hiddenSize {
                    let v = states[t * hiddenSize + d]
                    sum += v * v
                }
                return sum.squareRoot()
            }
        }
    }
}

/// What one forward pass captured (see `CaptureOptions`), in contiguous row-major buffers that views index
/// without copying. Layer indices are 0-based into each stack.
///
/// - `attentions[l]`: layer `l + 1`'s attention probabilities `[head][query][key]` (empty stack when not captured).
/// - `hiddenStates[i]`: `[token][dim]` states. With `.all`, `layers + 1` of them where index 0 is the embedding
///   output (after ELECTRA's projection); with `.last`, one (the final layer's); with `.none`, empty.
///   `hiddenStateLayers` says which layers they are.
/// - `queries[l]`, `keys[l]`, `values[l]` (opt-in): layer `l + 1`'s per-head vectors `[head][token][headSize]`,
///   with bias, before the `1/√headSize` scaling (so `softmax(q·k/√headSize)` row by row is `attentions`).
/// - `valueNorms[l]` (opt-in): `[head][token]`, ‖f_h(x_j)‖ where f_h(x) = (x W_V^h + b_V^h) W_O^h, W_O^h being
///   head h's rows of the attention output projection (without its bias). Norm-based attention (Kobayashi
///   et al. 2020, "Attention is not only a weight") is then α_ij·‖f_h(x_j)‖.
public struct EncoderOutput: Sendable {
    public let layers: Int
    public let heads: Int
    public let tokens: Int
    public let hiddenSize: Int
    public let attentions: LayerStack
    public let hiddenStates: LayerStack
    /// The encoder layers (0 = embedding output) whose states `hiddenStates` holds, in order.
    public let hiddenStateLayers: Range<Int>
    public let queries: LayerStack
    public let keys: LayerStack
    public let values: LayerStack
    public let valueNorms: LayerStack
    /// The first encoder layer (0: the embedding output, `l`: layer `l`'s output) whose hidden states hold a NaN
    /// or an infinity, or nil when all are finite; known whatever `CaptureOptions` kept. Non-finite weights
    /// propagate as in PyTorch (a NaN in a query weight gives NaN attention rows, never a masked row), and a
    /// layer whose attention probabilities hold NaN has NaN outputs too, so this also names the first layer with
    /// non-finite attention.
    public let firstNonFiniteLayer: Int?

    /// Every attention map and every hidden state, copied from per-layer arrays (decoders and test doubles);
    /// attention arrays that are all empty mean attentions were not captured.
    public init(layers: Int, heads: Int, tokens: Int, hiddenSize: Int, attentions: [[Float]], hiddenStates: [[Float]]) {
        precondition(attentions.count == layers && hiddenStates.count == layers + 1)
        self.init(layers: layers, heads: heads, tokens: tokens, hiddenSize: hiddenSize,
                  attentions: attentions.allSatisfy(\.isEmpty) ? .empty : LayerStack(attentions), hiddenStates: LayerStack(hiddenStates), hiddenStateLayers: 0..<(layers + 1),
                  queries: .empty, keys: .empty, values: .empty, valueNorms: .empty,
                  firstNonFiniteLayer: hiddenStates.firstIndex { values in
                      values.withUnsafeBufferPointer { RowOperations.allFinite($0.baseAddress, count: $0.count) } == false
                  })
    }

    init(layers: Int, heads: Int, tokens: Int, hiddenSize: Int, attentions: LayerStack, hiddenStates: LayerStack,
         hiddenStateLayers: Range<Int>, queries: LayerStack, keys: LayerStack, values: LayerStack, valueNorms: LayerStack,
         firstNonFiniteLayer: Int?) {
        precondition(attentions.isEmpty || (attentions.count == layers && attentions.layerSize == heads * tokens * tokens))
        precondition(hiddenStates.count == hiddenStateLayers.count && (hiddenStates.isEmpty || hiddenStates.layerSize == tokens * hiddenSize))
        self.layers = layers
        self.heads = heads
        self.tokens = tokens
        self.hiddenSize = hiddenSize
        self.attentions = attentions
        self.hiddenStates = hiddenStates
        self.hiddenStateLayers = hiddenStateLayers
        self.queries = queries
        self.keys = keys
        self.values = values
        self.valueNorms = valueNorms
        self.firstNonFiniteLayer = firstNonFiniteLayer
    }

    /// Per-head vector size (`hiddenSize / heads`).
    public var headSize: Int { hiddenSize / heads }

    /// Attention probability of `query` to `key` in `head` of `layer` (0-based layer index into `attentions`).
    @inlinable
    public func attention(layer: Int, head: Int, query: Int, key: Int) -> Float {
        attentions[layer][(head * tokens + query) * tokens + key]
    }

    /// The query, key or value vector of `token` in `head` of `layer` (0-based), from `queries`, `keys` or `values`.
    public func vector(_ stack: LayerStack, layer: Int, head: Int, token: Int) -> LayerSlice {
        stack[layer].slice(from: (head * tokens + token) * headSize, count: headSize)
    }

    /// ‖f_h(x_token)‖ of `head` in `layer` (0-based), from `valueNorms`.
    public func valueNorm(layer: Int, head: Int, token: Int) -> Float {
        valueNorms[layer][head * tokens + token]
    }

    /// L2 norm of every token's captured hidden state, `[hidden state][token]` (indexed like `hiddenStates`).
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

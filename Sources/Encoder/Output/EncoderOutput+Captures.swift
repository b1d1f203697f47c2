extension EncoderOutput {
    /// Every attention map and hidden state plus the opt-in captures, copied from per-layer arrays (test doubles
    /// of the explorer's norm-based and neuron views). `queries`, `keys`, `values` are `[layer][head][token][headSize]`
    /// flattened per layer, `valueNorms` `[layer][head][token]`; an empty array means not captured.
    public init(layers: Int, heads: Int, tokens: Int, hiddenSize: Int, attentions: [[Float]], hiddenStates: [[Float]],
                queries: [[Float]], keys: [[Float]], values: [[Float]], valueNorms: [[Float]]) {
        let plain = EncoderOutput(layers: layers, heads: heads, tokens: tokens, hiddenSize: hiddenSize,
                                  attentions: attentions, hiddenStates: hiddenStates)
        func stack(_ arrays: [[Float]], _ size: Int) -> LayerStack {
            guard !arrays.isEmpty else { return .empty }
            precondition(arrays.count == layers && arrays.allSatisfy { $0.count == size }, "a capture of the wrong shape")
            return LayerStack(arrays)
        }
        let vectors = tokens * hiddenSize
        self.init(layers: layers, heads: heads, tokens: tokens, hiddenSize: hiddenSize, attentions: plain.attentions,
                  hiddenStates: plain.hiddenStates, hiddenStateLayers: plain.hiddenStateLayers,
                  queries: stack(queries, vectors), keys: stack(keys, vectors), values: stack(values, vectors),
                  valueNorms: stack(valueNorms, heads * tokens), firstNonFiniteLayer: plain.firstNonFiniteLayer)
    }
}

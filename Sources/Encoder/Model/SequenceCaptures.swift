/// One sequence of a forward pass: where its rows sit in the stack of rows the pass computes, and the buffers of
/// what its `CaptureOptions` keep, filled layer by layer.
struct SequenceCaptures {
    let tokens: Int
    /// Its first row in the stack.
    let offset: Int
    let attentions: LayerStack
    /// The states of the hidden-state indices in `kept` (0: embeddings).
    let hiddenStates: LayerStack
    let kept: Range<Int>
    let queries: LayerStack
    let keys: LayerStack
    let values: LayerStack
    let valueNorms: LayerStack
    var firstNonFinite: Int?

    init(tokens t: Int, offset: Int, config: BertConfig, capture: CaptureOptions) {
        let layers = config.layers, h = config.heads, size = config.headSize
        func stack(_ wanted: Bool, _ layerSize: Int) -> LayerStack {
            wanted ? LayerStack(layers: layers, layerSize: layerSize) : .empty
        }
        self.tokens = t
        self.offset = offset
        switch capture.hiddenStates {
        case .all: kept = 0..<(layers + 1)
        case .last: kept = layers..<(layers + 1)
        case .none: kept = 0..<0
        }
        attentions = stack(capture.attentions, h * t * t)
        hiddenStates = LayerStack(layers: kept.count, layerSize: t * config.hiddenSize)
        queries = stack(capture.queryKeyValue, h * t * size)
        keys = stack(capture.queryKeyValue, h * t * size)
        values = stack(capture.queryKeyValue, h * t * size)
        valueNorms = stack(capture.valueNorms, h * t)
    }

    /// Where hidden state `index` is kept, or nil when it is not.
    func hiddenState(_ index: Int) -> UnsafeMutablePointer<Float>? {
        kept.contains(index) ? hiddenStates.pointer(layer: index - kept.lowerBound) : nil
    }

    /// Where layer `layer`'s attention probabilities go, or nil when they are not kept.
    func probabilities(layer: Int) -> UnsafeMutablePointer<Float>? {
        attentions.isEmpty ? nil : attentions.pointer(layer: layer)
    }

    /// Where layer `layer`'s opt-in captures go.
    func layerCapture(_ layer: Int) -> LayerCapture {
        LayerCapture(queries: queries.isEmpty ? nil : queries.pointer(layer: layer),
                     keys: keys.isEmpty ? nil : keys.pointer(layer: layer),
                     values: values.isEmpty ? nil : values.pointer(layer: layer),
                     valueNorms: valueNorms.isEmpty ? nil : valueNorms.pointer(layer: layer))
    }

    func output(config: BertConfig) -> EncoderOutput {
        EncoderOutput(layers: config.layers, heads: config.heads, tokens: tokens, hiddenSize: config.hiddenSize,
                      attentions: attentions, hiddenStates: hiddenStates, hiddenStateLayers: kept, queries: queries,
                      keys: keys, values: values, valueNorms: valueNorms, firstNonFiniteLayer: firstNonFinite)
    }
}

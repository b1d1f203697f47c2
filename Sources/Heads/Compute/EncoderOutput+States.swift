import Encoder

extension EncoderOutput {
    /// The captured hidden state of encoder layer `layer` (0 = embeddings), `[token][dim]`; nil when the pass
    /// did not capture it (`CaptureOptions.lastHiddenState` keeps only the final layer).
    func state(layer: Int) -> LayerSlice? {
        hiddenStateLayers.contains(layer) ? hiddenStates[layer - hiddenStateLayers.lowerBound] : nil
    }

    /// The final layer's states, which the classifier and discriminator heads read.
    var finalStates: LayerSlice {
        guard let states = state(layer: layers) else { preconditionFailure("the forward pass did not capture the last hidden state") }
        return states
    }
}

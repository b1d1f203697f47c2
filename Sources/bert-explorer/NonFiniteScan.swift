import Encoder

/// Where NaN or infinity first shows in a forward pass (a checkpoint with a NaN weight).
enum NonFiniteScan {
    /// 0 for the embeddings, `l + 1` for encoder layer `l` (its attention or its output), nil when all is finite.
    static func firstLayer(_ output: EncoderOutput) -> Int? {
        if !allFinite(output.hiddenStates[0]) { return 0 }
        for layer in 0..<output.layers
        where !allFinite(output.attentions[layer]) || !allFinite(output.hiddenStates[layer + 1]) {
            return layer + 1
        }
        return nil
    }

    private static func allFinite(_ values: [Float]) -> Bool {
        // A sum is NaN or infinite when any term is (or on overflow, which finite activations do not reach).
        var sum: Float = 0
        for value in values { sum += value * 0 }
        return sum == 0
    }
}

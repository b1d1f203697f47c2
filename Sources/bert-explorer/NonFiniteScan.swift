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

    private static func allFinite(_ values: LayerSlice) -> Bool {
        values.withUnsafeBufferPointer { buffer in
            // `v * 0` is 0 for every finite v and NaN otherwise, so one sum answers for all of them.
            var sum: Float = 0
            for value in buffer { sum += value * 0 }
            return sum == 0
        }
    }
}

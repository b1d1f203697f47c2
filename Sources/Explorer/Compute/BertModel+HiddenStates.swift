import Encoder

extension BertModel {
    /// Occlusion inputs run as a batch (`forward(batch:)`: stacked and spread over the worker pool), keeping
    /// hidden states only (no attention: `heads·tokens²` floats a layer it would never read).
    public func hiddenStates(batch: [(ids: [Int], segments: [Int])], isCancelled: () -> Bool) throws -> [EncoderOutput] {
        if isCancelled() { throw CancellationError() }
        return try forward(batch: batch, capture: CaptureOptions(attentions: false, hiddenStates: .all))
    }
}

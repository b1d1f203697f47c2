extension BertModel {
    /// Runs `forward` on every input, spread over the worker pool's threads (one sentence per thread at a time,
    /// each pass single-threaded), for throughput over many sentences; results come in input order. Throws the
    /// first input's error, if any.
    public func forward(batch inputs: [(ids: [Int], segments: [Int])], capture: CaptureOptions = .standard) throws
        -> [EncoderOutput] {
        var results = [Result<EncoderOutput, Error>?](repeating: nil, count: inputs.count)
        results.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            // The pool is busy for the whole batch, so each pass's own parallel steps run on its thread alone.
            ProductScheduler.shared.pool.run(inputs.count) { index in
                slots[index] = Result { try forward(ids: inputs[index].ids, segments: inputs[index].segments, capture: capture) }
            }
        }
        return try results.map { try $0!.get() }
    }

    /// One pass on the calling thread alone, as on a one-core machine: the reference that batched throughput
    /// is measured against.
    public func forwardOnOneThread(ids: [Int], segments: [Int], capture: CaptureOptions = .standard) throws -> EncoderOutput {
        try ProductScheduler.shared.pool.alone { try forward(ids: ids, segments: segments, capture: capture) }
    }
}

extension BertModel {
    /// Rows a stack of short sequences gathers before it runs (`forward(stack:)`). In stacks of 128 rows,
    /// 16-token sentences ran at 1.4x the rate of one sentence a thread and 32-token ones at 1.5x (2 threads,
    /// MiniLM, AMX); stacks of 256 rows measured the same, and sentences of 64 tokens or more gain nothing.
    public static let stackRows = 128

    /// Threads `forward(batch:)` spreads its stacks over: the worker pool's (every core, or `BERT_EXPLORER_THREADS`).
    public static var batchThreads: Int { ProductScheduler.shared.pool.threads }

    /// Runs `forward` on every input for throughput over many sentences: consecutive inputs are gathered into
    /// stacks of about `stackRows` rows (`forward(stack:)`; fewer when that would leave a thread without a
    /// stack), and the stacks are spread over the worker pool's threads, one stack a thread at a time, each pass
    /// single-threaded; a single stack (one input, or a few short ones) runs as one pass over every core. Results come in input order: what `forward` gives for each input alone, up to the rounding
    /// of the kernel a stack's row count picks. Throws the first input's error, if any.
    public func forward(batch inputs: [(ids: [Int], segments: [Int])], capture: CaptureOptions = .standard) throws
        -> [EncoderOutput] {
        let pool = ProductScheduler.shared.pool
        let rows = inputs.reduce(0) { $0 + $1.ids.count }
        let wanted = max(1, min(Self.stackRows, rows / pool.threads))
        var stacks: [Range<Int>] = []
        var start = 0
        while start < inputs.count {
            var end = start, gathered = 0
            while end < inputs.count && gathered < wanted {
                gathered += inputs[end].ids.count
                end += 1
            }
            stacks.append(start..<end)
            start = end
        }
        var results = [Result<[EncoderOutput], Error>?](repeating: nil, count: stacks.count)
        results.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            // The pool is busy for the whole batch, so each pass's own parallel steps run on its thread alone.
            pool.run(stacks.count) { index in
                slots[index] = Result { try forward(stack: Array(inputs[stacks[index]]), capture: capture) }
            }
        }
        return try results.flatMap { try $0!.get() }
    }

    /// One pass on the calling thread alone, as on a one-core machine: the reference that batched throughput
    /// is measured against.
    public func forwardOnOneThread(ids: [Int], segments: [Int], capture: CaptureOptions = .standard) throws -> EncoderOutput {
        try ProductScheduler.shared.pool.alone { try forward(ids: ids, segments: segments, capture: capture) }
    }
}

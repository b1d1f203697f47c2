/// Computes occlusion attribution: each non-special token in turn replaced by `[MASK]`, the encoder run on the
/// changed input, the trained head's probability for the label read again; the token's value is the drop.
/// Runs off the UI thread (a `BackgroundRunner`), a few inputs at a time through `hiddenStates(batch:)`,
/// and stops as soon as `isCancelled` turns true (the text changed).
enum OcclusionAttribution {
    /// Inputs per batch: enough to keep both cores busy, few enough that a cancel lands soon.
    static let batch = 4

    static func run(_ request: AttributionRequest, head: TaskHead, encoder: any EncoderRunning, maskID: Int,
                    isCancelled: () -> Bool) throws -> Attribution {
        let tokens = request.encoding.tokens, ids = request.encoding.ids, segments = request.encoding.segments
        var drops = [Float?](repeating: nil, count: tokens.count)
        let occluded = tokens.indices.filter { !tokens[$0].isSpecial }
        for start in stride(from: 0, to: occluded.count, by: batch) {
            if isCancelled() { throw CancellationError() }
            let chunk = Array(occluded[start..<min(start + batch, occluded.count)])
            let inputs = chunk.map { i -> (ids: [Int], segments: [Int]) in
                var changed = ids
                changed[i] = maskID
                return (changed, segments)
            }
            let outputs = try encoder.hiddenStates(batch: inputs, isCancelled: isCancelled)
            for (i, output) in zip(chunk, outputs) {
                // The original tokens decide which rows the head reads, so a token head still reads its target.
                guard let prediction = head.predict(output, tokens: tokens) else { continue }
                let scores = request.target.map { prediction.token($0) } ?? prediction.sentence
                guard let p = scores?.probabilities[request.label] else { continue }
                drops[i] = request.baseline - p
            }
        }
        if isCancelled() { throw CancellationError() }
        return Attribution(drops: drops)
    }
}

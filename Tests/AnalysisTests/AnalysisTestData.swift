import Encoder

/// Small hand-checkable encoder outputs for the analysis tests.
enum AnalysisTestData {
    /// 3 tokens, 2 layers, 2 heads, hidden size 2.
    static let head0: [[Float]] = [[0.5, 0.25, 0.25], [0.0, 1.0, 0.0], [0.2, 0.3, 0.5]]
    static let head1: [[Float]] = [[0.1, 0.1, 0.8], [0.5, 0.0, 0.5], [0.6, 0.2, 0.2]]

    static var output: EncoderOutput {
        let layer = (head0 + head1).flatMap { $0 }
        return EncoderOutput(
            layers: 2, heads: 2, tokens: 3, hiddenSize: 2,
            attentions: [layer, layer],
            hiddenStates: [[3, 4, 0, 0, 1, 0], [3, 4, 0, 2, 1, 1], [0, 0, 0, 2, 1, 1]])
    }

    /// A pseudo-random row-stochastic output of `tokens` tokens.
    static func random(tokens n: Int, layers: Int = 3, heads: Int = 4, seed: UInt64 = 42) -> EncoderOutput {
        var state = seed
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float((state >> 33) % 1000 + 1) / 1000
        }
        let attentions = (0..<layers).map { _ in
            (0..<(heads * n)).flatMap { _ -> [Float] in
                let row = (0..<n).map { _ in next() }
                let sum = row.reduce(0, +)
                return row.map { $0 / sum }
            }
        }
        let hidden = (0...layers).map { _ in (0..<(n * 4)).map { _ in next() - 0.5 } }
        return EncoderOutput(layers: layers, heads: heads, tokens: n, hiddenSize: 4, attentions: attentions, hiddenStates: hidden)
    }
}

import Heads
import WordPiece

/// Occlusion attribution asked for one shown pass: which trained head, which label, and for a token head which
/// word's label. Equal when they ask the same (the pass's output is carried, not compared).
public struct AttributionRequest: Sendable, Equatable {
    /// The generation of the pass it explains.
    public let generation: Int
    /// Index into `ExplorerState.taskHeads`.
    public let head: Int
    /// The label whose probability drops are measured: the head's prediction.
    public let label: Int
    /// The word start whose label it is (token head), nil for a sentence head.
    public let target: Int?
    /// The label's probability on the unchanged input.
    public let baseline: Float
    public let encoding: Encoding

    /// The attribution the state's shown head needs for `pass` (the current pass), nil when there is nothing to
    /// explain: no trained head, no prediction, or a token head's selection on a special token.
    init?(state s: ExplorerState, pass: ForwardPass) {
        guard let index = s.shownTaskHeadIndex else { return nil }
        guard index < pass.heads.trained.count, let prediction = pass.heads.trained[index] else { return nil }
        let tokens = pass.encoding.tokens
        var target: Int?
        let scores: Classification?
        if s.taskHeads[index].isTokenTask {
            guard !tokens.isEmpty else { return nil }
            var t = min(max(0, s.selectedToken), tokens.count - 1)
            while t > 0, tokens[t].isContinuation { t -= 1 }
            target = t
            scores = prediction.token(t)
        } else {
            scores = prediction.sentence
        }
        guard let scores, !scores.probabilities.isEmpty else { return nil }
        generation = pass.generation
        head = index
        label = scores.best
        self.target = target
        baseline = scores.probabilities[scores.best]
        encoding = pass.encoding
    }

    public static func == (a: AttributionRequest, b: AttributionRequest) -> Bool {
        a.generation == b.generation && a.head == b.head && a.label == b.label && a.target == b.target
            && a.encoding.ids == b.encoding.ids && a.encoding.segments == b.encoding.segments
    }
}

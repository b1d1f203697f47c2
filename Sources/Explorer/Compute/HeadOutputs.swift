import Encoder
import Heads
import WordPiece

/// What the heads make of one forward pass, computed on the encoder's queue right after it, so drawing only
/// reads results.
public struct HeadOutputs: Sendable {
    /// The checkpoint's heads without a selection: each `[MASK]`'s top words, classifier and discriminator
    /// scores (nil without heads).
    public var readout: HeadReadout?
    /// One per `--head`, in order (nil where the head cannot read this pass).
    public var trained: [TaskPrediction?] = []

    public init(readout: HeadReadout? = nil, trained: [TaskPrediction?] = []) {
        self.readout = readout
        self.trained = trained
    }

    /// Runs `heads` and `taskHeads` on `output`, the pass over `encoding`.
    public init(heads: ExplorerHeads?, taskHeads: [TaskHead], encoding: Encoding, output: EncoderOutput) {
        if let heads, !heads.heads.isEmpty {
            readout = heads.readout(output, encoding: encoding, selected: nil)
        }
        trained = taskHeads.map { $0.predict(output, tokens: encoding.tokens) }
    }
}

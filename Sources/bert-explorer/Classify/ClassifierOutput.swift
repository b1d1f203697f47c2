import Heads
import WordPiece

/// The scores of one input: one classification (sentence task) or one per token of `encoding` (token task).
struct ClassifierOutput {
    let encoding: Encoding
    let results: [Classification]
}

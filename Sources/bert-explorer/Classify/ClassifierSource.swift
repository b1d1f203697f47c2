import WordPiece

/// Anything `classify` can run: a trained head on the frozen encoder (`--head DIR`) or a classifier the
/// checkpoint carries. Inputs in, per-sentence or per-token logits out.
protocol ClassifierSource {
    /// Label names, in logit order.
    var labels: [String] { get }
    /// True when every token gets a label (token classification), false for one label per input.
    var perToken: Bool { get }
    /// One output per text, in order; the texts' encoder passes run together across every core.
    func classify(_ texts: [String], pair: String?) throws -> [ClassifierOutput]
}

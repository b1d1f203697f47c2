import SafeText
import Encoder
import Foundation
import Heads
import WordPiece

/// A checkpoint's task heads with the vocabulary their predictions name; immutable, shared by every frame.
public final class ExplorerHeads: Sendable {
    public let heads: ModelHeads
    /// Each vocabulary id's entry, escaped for the terminal.
    let words: [String]
    /// Entries per masked-LM prediction shown.
    static let topK = 5

    /// `words[id]` names vocabulary id `id` (from the tokenizer); they are escaped here.
    public init(heads: ModelHeads, words: [String]) {
        self.heads = heads
        self.words = words.map(TerminalText.escaped)
    }

    /// The heads of the checkpoint in `directory`, read from `model`'s tensors, words from `tokenizer`.
    public static func load(directory: URL, model: BertModel, tokenizer: BertTokenizer) throws -> ExplorerHeads {
        let heads = try ModelHeads.load(config: HeadConfig.load(url: directory.appendingPathComponent("config.json")),
                                        tensors: model.tensors)
        // Without a head the Predictions view still names the architecture; no vocabulary is needed.
        let ids = heads.isEmpty ? 0..<0 : 0..<heads.config.vocabSize
        return ExplorerHeads(heads: heads, words: ids.map { tokenizer.token(for: $0) ?? "#\($0)" })
    }

    func word(_ id: Int) -> String { words.indices.contains(id) ? words[id] : "#\(id)" }

    /// What the head row (`selected` nil: the `[MASK]`s only) or the Predictions view (also the `selected` token
    /// at every layer) shows for a pass over `encoding`: the masked-LM head runs on those rows only. Runs in the
    /// background (with the pass, or per selection), never while drawing.
    func readout(_ output: EncoderOutput, encoding: Encoding, selected: Int?) -> HeadReadout {
        let mask = encoding.tokens.first { $0.isSpecial && $0.text == "[MASK]" }?.id
        return HeadReadout(heads: heads, output: output, ids: encoding.ids, maskID: mask, selected: selected,
                           topK: Self.topK)
    }

    /// Hub models that carry each kind of head, for views of a model without one.
    static let examples = "masked LM: --model bert-base-uncased · labels: --model distilbert-base-uncased-finetuned-sst-2-english · "
        + "entities: --model dslim/bert-base-NER · replaced tokens: --model google/electra-small-discriminator"
}

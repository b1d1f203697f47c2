import ArgumentParser
import Encoder
import Foundation
import ModelHub
import WordPiece

/// `--model PATH|NAME|ORG/NAME[@REVISION]`, shared by every subcommand.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Model directory, or Hugging Face id NAME or ORG/NAME[@REVISION]: taken from the cache or downloaded (default: the bundled all-MiniLM-L6-v2).")
    var model: String?

    /// The resolved model directory; a hub model is downloaded first, with a progress bar when standard error
    /// is a terminal. Errors say whether `--model` or `BERT_EXPLORER_MODEL` (`ModelLocator`) named the model.
    func directory() throws -> URL {
        if model?.isEmpty == true { throw CommandFailure("--model is empty; give a model directory or a Hugging Face name") }
        return try CommandFailure.wrap { try ModelLocator(progress: ProgressBar.standardError()).locate(model) }
    }

    /// The tokenizer of the model directory.
    func tokenizer() throws -> BertTokenizer {
        let directory = try directory()
        return try CommandFailure.wrap { try BertTokenizer.load(directory: directory) }
    }

    /// The tokenizer and the encoder, checked against each other: every id the tokenizer can produce must have a
    /// row in the embedding matrix, so a bad file fails here with its name, not later inside a forward pass.
    func tokenizerAndModel() throws -> (BertTokenizer, BertModel) {
        try tokenizerAndModel(in: directory())
    }

    /// `tokenizerAndModel()` for an already resolved directory (the explorer also loads its heads from it).
    /// The two load at the same time (the tokenizer on another thread); a tokenizer error is reported first, as
    /// when they loaded one after the other.
    func tokenizerAndModel(in directory: URL) throws -> (BertTokenizer, BertModel) {
        let tokenizerLoad = BackgroundLoad { try CommandFailure.wrap { try BertTokenizer.load(directory: directory) } }
        let modelResult = Result { try CommandFailure.wrap { try BertModel.load(directory: directory) } }
        let tokenizer = try tokenizerLoad.value()
        let model = try modelResult.get()
        guard tokenizer.highestID < model.config.vocabSize else {
            throw CommandFailure("tokenizer: \(tokenizer.describe(id: tokenizer.highestID)) is outside the model's "
                                 + "embedding matrix (vocab_size \(model.config.vocabSize) in config.json)")
        }
        return (tokenizer, model)
    }
}

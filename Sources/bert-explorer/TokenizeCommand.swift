import ArgumentParser
import Foundation
import WordPiece

/// `bert-explorer tokenize`: WordPiece tokens of a text, or of each line of standard input.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Show the WordPiece tokens of a text (or of each line of standard input).",
        discussion: """
            Prints position, token, id, segment and the character span (Unicode scalars, as Python indexes a str) \
            of each token, exactly as Hugging Face tokenizers does. Without TEXT, reads standard input line by line \
            and prints one result per line; with --json, exactly one JSON object per input line.
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Second sentence of a pair: [CLS] TEXT [SEP] PAIR [SEP].")
    var pair: String?

    @Flag(help: "One JSON object per input: {\"tokens\":[...],\"truncated\":false}.")
    var json = false

    @Option(name: .customLong("max-length"), help: "Truncate to this many tokens (default: the model's maximum).")
    var maxLength: Int?

    @Argument(help: "The text to tokenize; without it, each line of standard input.")
    var text: String?

    /// A `--max-length` that leaves no room for the special tokens is an error, as in Hugging Face (thrown as
    /// `CommandFailure`: one line, exit code 1). BERT's template adds [CLS] and [SEP], and one more [SEP] for a pair.
    func validate() throws {
        try checkMaxLength(specialTokens: pair == nil ? 2 : 3)
    }

    /// Throws unless `--max-length` (when given) is at least `specialTokens`.
    private func checkMaxLength(specialTokens: Int) throws {
        guard let maxLength, maxLength < specialTokens else { return }
        throw CommandFailure("--max-length must be at least \(specialTokens), the number of special tokens "
            + "\(pair == nil ? "of one text" : "of a pair (--pair)"), got \(maxLength)")
    }

    func run() throws {
        let directory = try modelOptions.directory()
        let tokenizer = try CommandFailure.wrap { try BertTokenizer.load(directory: directory) }
        try checkMaxLength(specialTokens: tokenizer.postProcessor.addedTokenCount(pair: pair != nil))
        let output = OutputBuffer(descriptor: 1)
        defer { output.flush() }
        var table = TokenTable()
        if let text {
            emit(tokenizer.encode(text, pair: pair, maxLength: maxLength), text: text, table: &table, to: output,
                 separator: false)
            return
        }
        let reader = LineReader(descriptor: 0)
        var first = true
        while let bytes = reader.next(beforeBlocking: { output.flush() }) {
            let line: String
            if let valid = String(validating: bytes, as: UTF8.self) {
                line = valid
            } else {
                line = String(decoding: bytes, as: UTF8.self)
                output.flush()
                FileHandle.standardError.write(Data(
                    "bert-explorer: line \(reader.lineNumber): invalid UTF-8, decoded with U+FFFD\n".utf8))
            }
            emit(tokenizer.encode(line, pair: pair, maxLength: maxLength), text: line, table: &table, to: output,
                 separator: !first)
            first = false
        }
    }

    private func emit(_ encoding: Encoding, text: String, table: inout TokenTable, to output: OutputBuffer,
                      separator: Bool) {
        output.write { bytes in
            if json {
                TokenJSON.appendEncoding(encoding, to: &bytes)
                bytes.append(0x0A)
            } else {
                if separator { bytes.append(0x0A) }
                table.append(encoding, text: text, pair: pair, to: &bytes)
            }
        }
    }
}

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
        let tokenizer = try modelOptions.tokenizer()
        try checkMaxLength(specialTokens: tokenizer.postProcessor.addedTokenCount(pair: pair != nil))
        let output = OutputBuffer(descriptor: 1)
        var table = TokenTable()
        if let text {
            emit(tokenizer.encode(text, pair: pair, maxLength: maxLength), text: text, covered: [:], table: &table,
                 to: output, separator: false)
            try output.finish()
            return
        }
        if isatty(STDIN_FILENO) == 1 {
            CommandLineEntry.report("tokenize: reading standard input, one text per line (Ctrl-D ends; give TEXT "
                                    + "to tokenize one text)")
        }
        let lines = LineEncoder(reader: LineReader(descriptor: 0), tokenizer: tokenizer, pair: pair, maxLength: maxLength)
        var first = true
        while let line = lines.next(beforeBlocking: { output.flush() }) {
            if let warning = line.warning {
                output.flush()
                CommandLineEntry.report("bert-explorer: \(warning)")
            }
            emit(line.encoding, text: line.text, covered: line.covered, table: &table, to: output, separator: !first)
            first = false
        }
        try output.finish()
    }

    /// Writes one result; the table's text column comes from `text`, or for a long line from `covered`.
    private func emit(_ encoding: Encoding, text: String?, covered: [Int: String], table: inout TokenTable,
                      to output: OutputBuffer, separator: Bool) {
        output.write { bytes in
            if json {
                TokenJSON.appendEncoding(encoding, to: &bytes)
                bytes.append(0x0A)
            } else {
                if separator { bytes.append(0x0A) }
                if let text {
                    let offsets = ScalarOffsets(text)
                    table.append(encoding, pair: pair, firstText: { offsets.substring($0, $1) }, to: &bytes)
                } else {
                    table.append(encoding, pair: pair, firstText: { start, _ in covered[start] }, to: &bytes)
                }
            }
        }
    }
}

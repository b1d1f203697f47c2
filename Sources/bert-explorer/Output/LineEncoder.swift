import WordPiece

/// Encodes each line of standard input in bounded memory, however long the line: a line longer than one
/// `LineReader` piece is tokenized piece by piece (`BertTokenizer.encode(pieces:)`), keeping only the text the
/// kept tokens cover, and reading stops once truncation is decided (the rest of the line is skipped).
final class LineEncoder {
    /// One encoded line.
    struct Line {
        var encoding: Encoding
        /// The line, when it was read whole.
        var text: String?
        /// For a long line (`text` nil): the text each kept token covers, by its start offset.
        var covered: [Int: String] = [:]
        /// A note for standard error when the result may differ from Hugging Face's.
        var warning: String?
    }

    /// The longest covered text kept per token of a long line (a `[UNK]` can cover a whole huge word).
    static let coveredLimit = 200

    private let reader: LineReader
    private let tokenizer: BertTokenizer
    private let pair: String?
    private let maxLength: Int?

    init(reader: LineReader, tokenizer: BertTokenizer, pair: String?, maxLength: Int?) {
        self.reader = reader
        self.tokenizer = tokenizer
        self.pair = pair
        self.maxLength = maxLength
    }

    var lineNumber: Int { reader.lineNumber }

    func next(beforeBlocking: () -> Void) -> Line? {
        guard let first = reader.nextPiece(beforeBlocking: beforeBlocking) else { return nil }
        if first.endsLine {
            let text = LineReader.decode(first.bytes)
            var warning: String?
            if String(validating: first.bytes, as: UTF8.self) == nil {
                warning = "line \(reader.lineNumber): invalid UTF-8, decoded with U+FFFD"
            }
            return Line(encoding: tokenizer.encode(text, pair: pair, maxLength: maxLength), text: text, warning: warning)
        }
        return encodeLongLine(first, beforeBlocking: beforeBlocking)
    }

    private func encodeLongLine(_ first: LineReader.Piece, beforeBlocking: () -> Void) -> Line {
        let number = reader.lineNumber
        var pending: LineReader.Piece? = first
        var lastText = "", lastBase = 0, base = 0, ended = false, cutInsideWord = false
        var covered: [Int: String] = [:]
        func remember(_ tokens: ArraySlice<Token>) {
            let offsets = ScalarOffsets(lastText)
            for token in tokens {
                guard let start = token.start, let end = token.end,
                      let text = offsets.substring(start - lastBase, end - lastBase) else { continue }
                covered[start] = text.unicodeScalars.count > Self.coveredLimit
                    ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(Self.coveredLimit))) + "…" : text
            }
        }
        let whole = tokenizer.canEncodeInPieces
        let (encoding, _) = tokenizer.encode(pieces: { previous in
            remember(previous)
            guard !ended, whole || pending != nil else { return nil }
            guard let piece = pending ?? reader.nextPiece(beforeBlocking: beforeBlocking) else { return nil }
            pending = nil
            ended = piece.endsLine
            cutInsideWord = cutInsideWord || !piece.cutAtWhitespace
            lastText = LineReader.decode(piece.bytes)
            lastBase = base
            base += lastText.unicodeScalars.count
            return lastText
        }, pair: pair, maxLength: maxLength)
        remember(encoding.tokens[...].filter { $0.segment == 0 && $0.start.map { covered[$0] == nil } == true }[...])
        var warning: String?
        if !whole {
            warning = "line \(number): longer than one piece and this tokenizer's added tokens strip or contain "
                + "whitespace; only the first piece was tokenized"
        } else if cutInsideWord {
            warning = "line \(number): over a mebibyte without whitespace was tokenized in pieces; spans there "
                + "may differ from Hugging Face"
        }
        while !ended, let piece = reader.nextPiece(beforeBlocking: beforeBlocking) { ended = piece.endsLine }
        return Line(encoding: encoding, text: nil, covered: covered, warning: warning)
    }
}

import Foundation

/// A BERT WordPiece tokenizer that reproduces Hugging Face `tokenizers` (as used by `BertTokenizerFast`):
/// added tokens matched in the raw text, `BertNormalizer`, `BertPreTokenizer`, the WordPiece model, longest-first
/// truncation and the `[CLS] A [SEP] B [SEP]` template, with offsets in Unicode scalars of the input.
///
/// Immutable after loading and safe to share between threads.
public final class BertTokenizer: Sendable {
    /// The model's maximum sequence length, special tokens included: `encode` truncates to it by default.
    public let maxLength: Int
    /// Vocabulary size including added tokens that are not in the vocabulary.
    public let vocabularySize: Int
    /// The highest id this tokenizer can produce (vocabulary, added and template tokens); checked at load
    /// against the number of entries, and by callers against a model's embedding matrix.
    public let highestID: Int
    /// The normaliser, or nil when tokenizer.json has none.
    public let normalizer: BertNormalizer?
    public let postProcessor: PostProcessor
    public let addedTokens: [AddedToken]

    private let model: WordPieceModel
    private let preTokenizer: BertPreTokenizer?
    private let rawMatcher: AddedTokenMatcher
    private let normalizedMatcher: AddedTokenMatcher
    private let idToToken: [String?]
    private let tokenToID: [String: Int]

    /// Builds a tokenizer from its parts. `vocabulary` lists tokens with their ids in file order (a token listed
    /// twice keeps its last id); `ids` is the same as a dictionary, which the loaders have already built.
    init(vocabulary: [(String, Int)], ids: [String: Int], unknownToken: String, continuingSubwordPrefix: String,
         maxInputCharactersPerWord: Int, normalizer: BertNormalizer?, preTokenize: Bool,
         addedTokens: [AddedToken], postProcessor: PostProcessor, maxLength: Int, file: String) throws {
        // Ids index arrays (id to token here, the embedding matrix later): one beyond the number of entries
        // would make a hostile file decide an allocation, or trap converting to Int32.
        let entryCount = vocabulary.count + addedTokens.count
        func checkID(_ id: Int, _ entry: @autoclosure () -> String) throws {
            guard id >= 0, id < entryCount else {
                throw TokenizerError(file: file, problem: "\(entry()) has id \(id), outside the \(entryCount) "
                                     + "entries of the vocabulary and added tokens")
            }
        }
        for (token, id) in vocabulary { try checkID(id, "vocab entry \"\(token)\"") }
        for token in addedTokens { try checkID(token.id, "added token \"\(token.content)\"") }
        for (id, token) in postProcessor.specialTokens { try checkID(id, "post-processor token \"\(token)\"") }
        var table = ScalarVocabulary(capacity: vocabulary.count * 2)
        var tokenToID = ids
        let prefix = Array(continuingSubwordPrefix.unicodeScalars.map(\.value))
        var maxID = -1
        var scalars: [UInt32] = []  // reused: one token's scalars at a time
        for (token, id) in vocabulary {
            scalars.removeAll(keepingCapacity: true)
            for scalar in token.unicodeScalars { scalars.append(scalar.value) }
            scalars.withUnsafeBufferPointer { scalars in
                table.insert(scalars, continuation: false, id: id)
                if prefix.isEmpty {
                    // Hugging Face looks up prefix + piece: with an empty prefix every token continues a word too.
                    table.insert(scalars, continuation: true, id: id)
                } else if scalars.count > prefix.count && scalars.starts(with: prefix) {
                    table.insert(UnsafeBufferPointer(rebasing: scalars[prefix.count...]), continuation: true, id: id)
                }
            }
            maxID = max(maxID, id)
        }
        guard let unknownID = tokenToID[unknownToken] else {
            throw TokenizerError(file: file, problem: "the unknown token \(unknownToken) is not in the vocabulary")
        }
        let modelSize = tokenToID.count
        let modelTokens = tokenToID
        for token in addedTokens {
            if tokenToID[token.content] == nil { tokenToID[token.content] = token.id }
            maxID = max(maxID, token.id)
        }
        for (id, _) in postProcessor.specialTokens { maxID = max(maxID, id) }
        var idToToken = [String?](repeating: nil, count: maxID + 1)
        for (token, id) in vocabulary { idToToken[id] = token }
        for token in addedTokens { idToToken[token.id] = token.content }

        self.model = WordPieceModel(vocabulary: table, unknownID: unknownID,
                                    maxInputCharactersPerWord: maxInputCharactersPerWord)
        self.normalizer = normalizer
        self.preTokenizer = preTokenize ? BertPreTokenizer() : nil
        self.addedTokens = addedTokens
        self.postProcessor = postProcessor
        self.maxLength = maxLength
        self.highestID = maxID
        self.vocabularySize = modelSize + Set(addedTokens.map(\.content)).filter { modelTokens[$0] == nil }.count
        self.idToToken = idToToken
        self.tokenToID = tokenToID
        self.rawMatcher = AddedTokenMatcher(addedTokens.filter { !$0.normalized }.map {
            AddedTokenMatcher.Pattern(scalars: $0.content.unicodeScalars.map(\.value), token: $0)
        })
        self.normalizedMatcher = AddedTokenMatcher(addedTokens.filter(\.normalized).map { token in
            let scalars = token.content.unicodeScalars.map(\.value)
            guard let normalizer else { return AddedTokenMatcher.Pattern(scalars: scalars, token: token) }
            var normalized = NormalizedText()
            defer { normalized.deallocate() }
            scalars.withUnsafeBufferPointer { normalizer.normalize($0, range: 0..<scalars.count, into: &normalized) }
            return AddedTokenMatcher.Pattern(scalars: Array(normalized.scalarBuffer), token: token)
        })
    }

    /// The vocabulary string of `id` (added tokens included).
    public func token(for id: Int) -> String? {
        id >= 0 && id < idToToken.count ? idToToken[id] : nil
    }

    /// The name of `id` for messages: its token, or the template token that has it.
    public func describe(id: Int) -> String {
        if let token = token(for: id) { return "token \"\(token)\" (id \(id))" }
        if let special = postProcessor.specialTokens.first(where: { $0.id == id }) {
            return "template token \"\(special.token)\" (id \(id))"
        }
        return "id \(id)"
    }

    /// The id of a vocabulary or added token.
    public func id(for token: String) -> Int? { tokenToID[token] }

    /// Tokenizes `text` (and `pair`), truncating to `maxLength` tokens including special tokens
    /// (default: the tokenizer's `maxLength`; pass `Int.max` for no truncation). Pairs are truncated
    /// longest-first, as Hugging Face does. A `maxLength` below the template's special tokens (where Hugging Face
    /// raises an error) keeps just the special tokens. A single sequence stops tokenizing once it is known to be
    /// cut, so a huge input costs only what is kept.
    public func encode(_ text: String, pair: String? = nil, maxLength: Int? = nil) -> Encoding {
        encodeWithLimit(text, pair: pair, maxLength: maxLength)
    }

    /// Tokenizes for a model with `modelPositions` positions: cut to the smaller of that and this tokenizer's
    /// `maxLength`, so the encoder never receives more tokens than it has positions.
    public func encode(_ text: String, pair: String? = nil, modelPositions: Int) -> Encoding {
        encodeWithLimit(text, pair: pair, maxLength: min(maxLength, modelPositions))
    }

    private func encodeWithLimit(_ text: String, pair: String?, maxLength: Int?) -> Encoding {
        let budget = budget(maxLength: maxLength, pair: pair != nil)
        var first = TokenBuffer(limit: budget)
        tokenize(text, into: &first, stopWhenFull: pair == nil)
        return assemble(firstCount: first.count, pair: pair, budget: budget) { tokens, keep, typeID in
            append(first, keep: keep, base: 0, typeID: typeID, to: &tokens)
        }
    }

    /// True when a text may be cut after any ASCII whitespace and tokenized piece by piece with the same result
    /// (`encode(pieces:)`): no added token contains whitespace or strips it from its neighbours.
    public var canEncodeInPieces: Bool {
        addedTokens.allSatisfy { token in
            !token.leftStrip && !token.rightStrip && !token.content.unicodeScalars.contains { $0.properties.isWhitespace }
        }
    }

    /// Tokenizes a text that arrives in pieces (a huge line read in bounded memory): `next` returns the pieces in
    /// order, each but the last ending with ASCII whitespace, and nil at the end; it is passed the tokens the
    /// previous piece produced (offsets from the start of the text), so a caller can keep just what they cover.
    /// Reading stops as soon as enough tokens are known for truncation, so only what is kept is ever held.
    /// Requires `canEncodeInPieces`. Returns the encoding and whether every piece was read.
    public func encode(pieces next: (_ previous: ArraySlice<Token>) -> String?, pair: String? = nil,
                       maxLength: Int? = nil) -> (encoding: Encoding, readAll: Bool) {
        let budget = budget(maxLength: maxLength, pair: pair != nil)
        var first: [Token] = [], count = 0, base = 0, previousCount = 0
        func finish() -> Encoding {
            assemble(firstCount: count, pair: pair, budget: budget) { tokens, keep, typeID in
                for var token in first.prefix(keep) {
                    token.position = tokens.count
                    token.segment = typeID
                    tokens.append(token)
                }
            }
        }
        while let piece = next(first[previousCount...]) {
            previousCount = first.count
            var buffer = TokenBuffer(limit: budget - first.count)
            tokenize(piece, into: &buffer, stopWhenFull: true)
            append(buffer, keep: buffer.limit, base: base, typeID: 0, to: &first)
            count += buffer.count
            base += piece.unicodeScalars.count
            // Past the budget, longest-first truncation no longer depends on how long the text is.
            if count > budget { return (finish(), false) }
        }
        return (finish(), true)
    }

    /// Tokens per sequence once the template's special tokens are counted.
    private func budget(maxLength: Int?, pair: Bool) -> Int {
        let limit = maxLength ?? self.maxLength
        return limit == Int.max ? Int.max : max(0, limit - postProcessor.addedTokenCount(pair: pair))
    }

    /// Appends the first `keep` stored tokens of `buffer` to `tokens`, offsets moved by `base`, positions
    /// continuing from `tokens.count`.
    private func append(_ buffer: TokenBuffer, keep: Int, base: Int, typeID: Int, to tokens: inout [Token]) {
        for (index, raw) in buffer.tokens.prefix(keep).enumerated() {
            let id = Int(raw.id)
            let text = buffer.matchedTexts.isEmpty ? idToToken[id] : buffer.matchedTexts[index] ?? idToToken[id]
            tokens.append(Token(id: id, text: text ?? "", start: base + Int(raw.start), end: base + Int(raw.end),
                                position: tokens.count, segment: typeID, isSpecial: raw.special))
        }
    }

    /// Truncates the first sequence (`firstCount` tokens seen; `appendFirst(tokens, keep, typeID)` appends the
    /// first `keep` of them) and `pair` longest-first to `budget`, then applies the post-processor's template.
    private func assemble(firstCount: Int, pair: String?, budget: Int,
                          appendFirst: (inout [Token], Int, Int) -> Void) -> Encoding {
        var second: TokenBuffer?
        if let pair {
            var buffer = TokenBuffer(limit: budget)
            tokenize(pair, into: &buffer, stopWhenFull: false)
            second = buffer
        }
        let (keepFirst, keepSecond) = Truncation.lengths(first: firstCount, second: second?.count, maxLength: budget)
        let truncated = keepFirst < firstCount || (second.map { keepSecond! < $0.count } ?? false)

        var tokens: [Token] = []
        tokens.reserveCapacity(keepFirst + (keepSecond ?? 0) + 3)
        for piece in pair == nil ? postProcessor.single : postProcessor.pair {
            switch piece {
            case .special(let ids, let strings, let typeID):
                for (id, string) in zip(ids, strings) {
                    tokens.append(Token(id: id, text: string, start: nil, end: nil, position: tokens.count,
                                        segment: typeID, isSpecial: true))
                }
            case .sequence(let isFirst, let typeID):
                if isFirst {
                    appendFirst(&tokens, keepFirst, typeID)
                } else if let second {
                    append(second, keep: keepSecond!, base: 0, typeID: typeID, to: &tokens)
                }
            }
        }
        return Encoding(tokens: tokens, truncated: truncated)
    }

    /// Input scalars normalised per chunk; a chunk ends after ASCII whitespace or punctuation, where no word or
    /// run of combining marks can continue, so a huge line stops as soon as enough tokens are found. (Without a
    /// pre-tokeniser, or with normalised added tokens that may span such characters, segments are not chunked.)
    private static let chunkSize = 1 << 16

    private func tokenize(_ text: String, into output: inout TokenBuffer, stopWhenFull: Bool) {
        let scalars = ScalarDecoding.scalars(of: text)
        scalars.withUnsafeBufferPointer { input in
            var normalized = NormalizedText(capacity: min(input.count, Self.chunkSize) + 16)
            defer { normalized.deallocate() }
            // Scratch for one word's prefix hashes, grown to the longest word that can occur: a huge
            // max_input_chars_per_word must not decide this size, the normalised text does.
            var prefixHashes = UnsafeMutableBufferPointer<UInt64>.allocate(
                capacity: min(model.maxInputCharactersPerWord, 128) + 1)
            defer { prefixHashes.deallocate() }
            let chunked = preTokenizer != nil && normalizedMatcher.isEmpty
            func segment(_ start: Int, _ end: Int, into output: inout TokenBuffer) {
                var chunkStart = start
                while chunkStart < end {
                    if stopWhenFull && output.isOverflowing { return }
                    let chunkEnd = chunked ? Self.chunkEnd(input, from: chunkStart, limit: end) : end
                    normalized.removeAll()
                    if let normalizer {
                        normalizer.normalize(input, range: chunkStart..<chunkEnd, into: &normalized)
                    } else {
                        for i in chunkStart..<chunkEnd { normalized.append(input[i], origin: Int32(i)) }
                    }
                    let needed = min(model.maxInputCharactersPerWord, normalized.count) + 1
                    if prefixHashes.count < needed {
                        prefixHashes.deallocate()
                        prefixHashes = .allocate(capacity: needed)
                    }
                    tokenizeNormalized(normalized, into: &output, prefixHashes: prefixHashes, stopWhenFull: stopWhenFull)
                    chunkStart = chunkEnd
                }
            }
            let splits = rawMatcher.isEmpty ? [] : rawMatcher.split(input, range: 0..<input.count)
            if splits.isEmpty {
                segment(0, input.count, into: &output)
                return
            }
            for split in splits {
                if stopWhenFull && output.isOverflowing { return }
                if let token = split.token {
                    output.appendAdded(token, text: Self.string(input, split.start..<split.end),
                                       start: Int32(split.start), end: Int32(split.end))
                } else {
                    segment(split.start, split.end, into: &output)
                }
            }
        }
    }

    private static func string(_ scalars: UnsafeBufferPointer<UInt32>, _ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        for value in scalars[range] { if let scalar = Unicode.Scalar(value) { view.append(scalar) } }
        return String(view)
    }

    private static func chunkEnd(_ input: UnsafeBufferPointer<UInt32>, from start: Int, limit: Int) -> Int {
        if limit - start <= chunkSize { return limit }
        var i = start + chunkSize
        while i < limit {
            let scalar = input[i]
            if scalar < 0x80 && (scalar == 0x20 || scalar == 0x0A || scalar == 0x09 || scalar == 0x0D
                || (scalar >= 0x21 && scalar <= 0x2F) || (scalar >= 0x3A && scalar <= 0x40)
                || (scalar >= 0x5B && scalar <= 0x60) || (scalar >= 0x7B && scalar <= 0x7E)) { return i + 1 }
            i += 1
        }
        return limit
    }

    private func tokenizeNormalized(_ normalized: NormalizedText, into output: inout TokenBuffer,
                                    prefixHashes: UnsafeMutableBufferPointer<UInt64>, stopWhenFull: Bool) {
        let text = normalized.scalarBuffer, origins = normalized.originBuffer
        func words(_ range: Range<Int>, into output: inout TokenBuffer) {
            guard let preTokenizer else {
                if !range.isEmpty {
                    model.tokenize(text, origins: origins, start: range.lowerBound, end: range.upperBound,
                                   prefixHashes: prefixHashes, into: &output)
                }
                return
            }
            preTokenizer.split(text, range: range) { start, end in
                if stopWhenFull && output.isOverflowing { return }
                model.tokenize(text, origins: origins, start: start, end: end, prefixHashes: prefixHashes, into: &output)
            }
        }
        if normalizedMatcher.isEmpty {
            words(0..<text.count, into: &output)
            return
        }
        let pieces = normalizedMatcher.split(text, range: 0..<text.count)
        if pieces.isEmpty {
            words(0..<text.count, into: &output)
            return
        }
        for piece in pieces {
            if let token = piece.token {
                output.appendAdded(token, text: Self.string(text, piece.start..<piece.end),
                                   start: origins[piece.start], end: origins[piece.end - 1] + 1)
            } else {
                words(piece.start..<piece.end, into: &output)
            }
        }
    }
}

/// The WordPiece model of `tokenizers`: greedy longest-match-first over the vocabulary, continuation pieces
/// carrying a prefix (`##`), and a word longer than `maxInputCharactersPerWord` scalars, or with any piece
/// not in the vocabulary, becoming one unknown token.
struct WordPieceModel: Sendable {
    let vocabulary: ScalarVocabulary
    let unknownID: Int32
    let maxInputCharactersPerWord: Int
    /// Powers of the hash multiplier, up to the longest key.
    private let powers: [UInt64]

    init(vocabulary: ScalarVocabulary, unknownID: Int, maxInputCharactersPerWord: Int) {
        self.vocabulary = vocabulary
        self.unknownID = Int32(unknownID)
        self.maxInputCharactersPerWord = maxInputCharactersPerWord
        var powers: [UInt64] = [1]
        for _ in 0..<(max(vocabulary.longestWhole, vocabulary.longestContinuation) + 1) {
            powers.append(powers[powers.count - 1] &* ScalarHash.multiplier)
        }
        self.powers = powers
    }

    /// Tokenizes the word `text[start..<end]` into `output`; `prefixHashes` is scratch space of at least
    /// `maxInputCharactersPerWord + 1` hashes.
    func tokenize(_ text: UnsafeBufferPointer<UInt32>, origins: UnsafeBufferPointer<Int32>, start: Int, end: Int,
                  prefixHashes: UnsafeMutableBufferPointer<UInt64>, into output: inout TokenBuffer) {
        let length = end - start
        if length > maxInputCharactersPerWord {
            output.append(id: unknownID, start: origins[start], end: origins[end - 1] + 1)
            return
        }
        var hash: UInt64 = 0
        prefixHashes[0] = 0
        for i in start..<end {
            hash = ScalarHash.step(hash, text[i])
            prefixHashes[i - start + 1] = hash
        }
        let firstPiece = output.tokens.count
        let firstCount = output.count
        var pieceStart = start
        let longestWhole = vocabulary.longestWhole, longestContinuation = vocabulary.longestContinuation
        while pieceStart < end {
            let continuation = pieceStart > start
            var pieceEnd = min(end, pieceStart + (continuation ? longestContinuation : longestWhole))
            var found: Int32?
            while pieceEnd > pieceStart {
                let startHash = prefixHashes[pieceStart - start]
                let sliceHash = prefixHashes[pieceEnd - start] &- startHash &* powers[pieceEnd - pieceStart]
                if let id = vocabulary.lookup(text, start: pieceStart, end: pieceEnd, hash: sliceHash,
                                              continuation: continuation) {
                    found = id
                    break
                }
                pieceEnd -= 1
            }
            guard let id = found else {
                // Any unmatched piece makes the whole word unknown.
                output.rollBack(stored: firstPiece, counted: firstCount)
                output.append(id: unknownID, start: origins[start], end: origins[end - 1] + 1)
                return
            }
            output.append(id: id, start: origins[pieceStart], end: origins[pieceEnd - 1] + 1)
            pieceStart = pieceEnd
        }
    }
}

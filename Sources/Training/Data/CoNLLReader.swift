/// CoNLL-style tagging data: one `token<TAB>tag` per line (the tag is the last tab-separated field, so extra
/// columns in between are allowed), blank lines between sentences, `-DOCSTART-` lines skipped.
public struct CoNLLReader: Sendable {
    public let file: String

    public init(file: String) { self.file = file }

    public func examples(_ bytes: [UInt8]) throws -> [LabeledExample] {
        var examples: [LabeledExample] = []
        var words: [String] = [], tags: [String] = [], start = 0
        var lineNumber = 0
        func flush() {
            if !words.isEmpty { examples.append(LabeledExample(words: words, tags: tags, line: start)) }
            words = []
            tags = []
        }
        for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.last == 0x0D ? raw.dropLast() : raw[...]
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                flush()
                continue
            }
            if line.starts(with: Array("-DOCSTART-".utf8)) { continue }
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
            guard fields.count >= 2 else {
                throw TrainingDataError(file: file, line: lineNumber, "expected token<TAB>tag, found no tab")
            }
            let word = String(decoding: fields[0], as: UTF8.self)
            let tag = String(decoding: fields[fields.count - 1], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard !word.isEmpty, !tag.isEmpty else {
                throw TrainingDataError(file: file, line: lineNumber, "empty token or tag")
            }
            if words.isEmpty { start = lineNumber }
            words.append(word)
            tags.append(tag)
        }
        flush()
        return examples
    }
}

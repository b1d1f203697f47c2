import Foundation

/// `vocab.txt`: one token per line, the line number (from 0) being its id, read as Python's `readlines()` in
/// text mode does (`\n`, `\r\n` and `\r` end a line; only the line ending is removed).
enum VocabularyFile {
    static func read(_ url: URL) throws -> [(String, Int)] {
        let data = try FileData.read(url)
        if data.isEmpty { throw TokenizerError(file: url.path, problem: "the vocabulary is empty") }
        var tokens: [(String, Int)] = []
        tokens.reserveCapacity(data.count / 6)
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lineStart = 0
            var i = 0
            func finish(_ end: Int) throws {
                let slice = UnsafeBufferPointer(rebasing: bytes[lineStart..<end])
                guard let token = String(validating: slice, as: UTF8.self) else {
                    throw TokenizerError(file: url.path, line: tokens.count + 1, problem: "not valid UTF-8")
                }
                tokens.append((token, tokens.count))
            }
            while i < bytes.count {
                let byte = bytes[i]
                if byte == 0x0A || byte == 0x0D {
                    try finish(i)
                    if byte == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                    lineStart = i + 1
                }
                i += 1
            }
            if lineStart < bytes.count { try finish(bytes.count) }
        }
        return tokens
    }
}

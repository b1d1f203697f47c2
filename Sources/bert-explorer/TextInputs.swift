import Foundation

/// The texts a per-input command (`predict`, `classify`) works on: TEXT when given, else each line of
/// standard input (invalid UTF-8 decoded with U+FFFD and reported on stderr), flushing output before blocking.
enum TextInputs {
    static func forEach(text: String?, output: OutputBuffer, _ body: (String) throws -> Void) throws {
        if let text { return try body(text) }
        let reader = LineReader(descriptor: 0)
        while let bytes = reader.next(beforeBlocking: { output.flush() }) {
            if let line = String(validating: bytes, as: UTF8.self) {
                try body(line)
                continue
            }
            output.flush()
            FileHandle.standardError.write(Data(
                "bert-explorer: line \(reader.lineNumber): invalid UTF-8, decoded with U+FFFD\n".utf8))
            try body(String(decoding: bytes, as: UTF8.self))
        }
    }
}

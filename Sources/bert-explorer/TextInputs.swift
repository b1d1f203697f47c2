import Encoder
import Foundation

/// The texts a per-input command (`predict`, `classify`) works on: TEXT when given, else each line of
/// standard input (invalid UTF-8 decoded with U+FFFD and reported on stderr), flushing output before blocking.
///
/// Lines already waiting in the input (up to `batchLines`) are computed together, so their encoder passes run
/// across every core (`BertModel.forward(batch:)`); input that arrives a line at a time still gets each result
/// as soon as its line is read, since waiting for more input first hands over what is there.
enum TextInputs {
    /// Lines computed together at most: 32 a core (64 on two).
    static var batchLines: Int { 32 * BertModel.batchThreads }
    /// Bytes of lines gathered at most (a line is at most one 1 MiB `LineReader` piece), so a file of huge lines
    /// holds about one at a time, as before batching.
    static let batchBytes = 1 << 20

    /// `compute` turns lines into results (in order), `write` prints one; a failing batch of several lines is
    /// computed again line by line, so the lines before the bad one are printed and its error is the one thrown.
    static func forEach<Result>(text: String?, output: OutputBuffer, compute: ([String]) throws -> [Result],
                                write: (Result) -> Void) throws {
        if let text { return try compute([text]).forEach(write) }
        let reader = LineReader(descriptor: 0)
        var lines: [(text: String, warning: String?)] = []
        var gathered = 0
        func read() -> Bool {
            guard let bytes = reader.next(beforeBlocking: { output.flush() }) else { return false }
            gathered += bytes.count
            if let line = String(validating: bytes, as: UTF8.self) {
                lines.append((line, nil))
            } else {
                lines.append((String(decoding: bytes, as: UTF8.self),
                              "bert-explorer: line \(reader.lineNumber): invalid UTF-8, decoded with U+FFFD\n"))
            }
            return true
        }
        while read() {
            while lines.count < batchLines, gathered < batchBytes, reader.hasBufferedLine, read() {}
            let results = lines.count == 1 ? nil : try? compute(lines.map(\.text))
            for (index, line) in lines.enumerated() {
                if let warning = line.warning {
                    output.flush()
                    FileHandle.standardError.write(Data(warning.utf8))
                }
                try (results.map { [$0[index]] } ?? compute([line.text])).forEach(write)
            }
            lines.removeAll(keepingCapacity: true)
            gathered = 0
        }
    }
}

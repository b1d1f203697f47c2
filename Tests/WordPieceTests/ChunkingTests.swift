import Foundation
import SeededRandom
import TestSupport
import WordPiece
import XCTest

/// Lines longer than one normalisation chunk (65,536 scalars) are cut after ASCII whitespace or punctuation;
/// the result must equal Hugging Face's. The oracle does not use the tokenizer: corpus lines joined by spaces
/// tokenize as the concatenation of their Hugging Face results (`corpus.jsonl`), offsets shifted.
final class ChunkingTests: XCTestCase {
    func testLongLinesMatchHuggingFaceLineByLine() throws {
        let tokenizer = try BertTokenizer.load(directory: Fixtures.bundledModel)
        let corpus = try ParityCase.load("corpus.jsonl").filter { $0.truncated != true && $0.pair == nil }
        var generator = SeededGenerator(seed: 0xC4_0A7C)
        for _ in 0..<3 {
            var line = "", ids: [Int] = [], offsets: [[Int]] = [], base = 0
            while base < 100_000 {
                let entry = corpus.randomElement(using: &generator)!
                if !line.isEmpty {
                    line += " "
                    base += 1
                }
                line += entry.text
                // Drop the template's [CLS] and [SEP]; shift the spans to where this text starts.
                for (id, span) in zip(entry.ids.dropFirst().dropLast(), entry.offsets.dropFirst().dropLast()) {
                    ids.append(id)
                    offsets.append([base + span.0, base + span.1])
                }
                base += entry.text.unicodeScalars.count
            }
            let encoding = tokenizer.encode(line, maxLength: Int.max)
            let tokens = encoding.tokens.dropFirst().dropLast()
            XCTAssertEqual(tokens.map(\.id), ids)
            XCTAssertEqual(tokens.map { [$0.start ?? -1, $0.end ?? -1] }, offsets)
        }
    }

    /// Marks after punctuation at chunk boundaries, and a run of marks longer than a chunk: the same tokens as
    /// the short text the long one repeats (short texts are never chunked).
    func testMarksAcrossChunkBoundaries() throws {
        let tokenizer = try BertTokenizer.load(directory: Fixtures.bundledModel)
        let unit = "a.\u{301}\u{316}b "
        let short = tokenizer.encode(unit, maxLength: Int.max).tokens.dropFirst().dropLast().map(\.id)
        XCTAssertFalse(short.isEmpty)
        let long = tokenizer.encode(String(repeating: unit, count: 30_000), maxLength: Int.max).ids.dropFirst().dropLast()
        XCTAssertEqual(Array(long), Array([[Int]](repeating: short, count: 30_000).joined()))
        let marks = "x" + String(repeating: "\u{301}", count: 70_000)
        XCTAssertEqual(tokenizer.encode(marks, maxLength: Int.max).ids,
                       tokenizer.encode("x\u{301}\u{301}\u{301}", maxLength: Int.max).ids)
    }
}

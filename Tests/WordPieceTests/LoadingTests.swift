import Foundation
import TestSupport
import WordPiece
import XCTest

/// Loading paths, public API and one-line errors for broken files.
final class LoadingTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory("wordpiece")
    }

    private func write(_ name: String, _ contents: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    private func error(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testBundledModelDirectory() throws {
        let tokenizer = try BertTokenizer.load(directory: Fixtures.bundledModel)
        XCTAssertEqual(tokenizer.vocabularySize, 30522)
        XCTAssertEqual(tokenizer.maxLength, 512)
        XCTAssertEqual(tokenizer.id(for: "[CLS]"), 101)
        XCTAssertEqual(tokenizer.token(for: 7592), "hello")
        XCTAssertNil(tokenizer.token(for: 1_000_000))
        let encoding = tokenizer.encode("Hello, world!", pair: "Bye")
        XCTAssertEqual(encoding.tokens.map(\.text), ["[CLS]", "hello", ",", "world", "!", "[SEP]", "bye", "[SEP]"])
        XCTAssertEqual(encoding.segments, [0, 0, 0, 0, 0, 0, 1, 1])
        XCTAssertEqual(encoding.tokens.map(\.isSpecial), [true, false, false, false, false, true, false, true])
        XCTAssertEqual(encoding.tokens[1].start, 0)
        XCTAssertEqual(encoding.tokens[1].end, 5)
        XCTAssertNil(encoding.tokens[0].start)
        XCTAssertTrue(tokenizer.encode("a [MASK] b").tokens[2].isSpecial)
    }

    func testDefaultTruncationUsesMaxLength() throws {
        let tokenizer = try BertTokenizer.load(directory: Fixtures.bundledModel)
        let long = String(repeating: "word ", count: 2000)
        let encoding = tokenizer.encode(long)
        XCTAssertEqual(encoding.count, 512)
        XCTAssertTrue(encoding.truncated)
        XCTAssertEqual(encoding.tokens.last?.text, "[SEP]")
        XCTAssertEqual(tokenizer.encode(long, maxLength: Int.max).count, 2002)
        XCTAssertFalse(tokenizer.encode("short").truncated)
    }

    func testModelPositionsCapTheTokenizerLimit() throws {
        let tokenizer = try BertTokenizer.load(directory: Fixtures.bundledModel)
        let long = String(repeating: "word ", count: 2000)
        XCTAssertEqual(tokenizer.encode(long, modelPositions: 64).count, 64)
        XCTAssertEqual(tokenizer.encode(long, pair: long, modelPositions: 64).count, 64)
        XCTAssertEqual(tokenizer.encode(long, modelPositions: 4096).count, 512, "the tokenizer's own limit still holds")
    }

    /// (No wall-clock limit: the machine is shared; `bench tokenizer` measures speed.)
    func testHugeLineIsTruncated() throws {
        let tokenizer = try BertTokenizer.load(directory: Fixtures.bundledModel)
        let line = String(repeating: "naïve 東京 tokenization ", count: 500_000)  // about 12 MB
        let encoding = tokenizer.encode(line)
        XCTAssertEqual(encoding.count, 512)
        XCTAssertTrue(encoding.truncated)
        let word = String(repeating: "x", count: 10_000_000)
        XCTAssertEqual(tokenizer.encode(word).tokens.map(\.text), ["[CLS]", "[UNK]", "[SEP]"])
    }

    func testMissingFiles() throws {
        XCTAssertEqual(error { try BertTokenizer.load(directory: self.directory) },
                       "\(directory.path): no tokenizer.json or vocab.txt in this directory")
        let missing = directory.appendingPathComponent("tokenizer.json")
        XCTAssertEqual(error { try BertTokenizer.load(tokenizerJSON: missing) }, "\(missing.path): file not found")
    }

    func testCorruptTokenizerJSON() throws {
        let url = try write("tokenizer.json", "{\"model\": {\"type\": \"WordPiece\", \"vocab\": ")
        let message = error { try BertTokenizer.load(tokenizerJSON: url) }
        XCTAssertTrue(message.hasPrefix("\(url.path): not valid JSON"), message)
        XCTAssertFalse(message.contains("\n"))
        let bpe = try write("bpe.json", "{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}")
        XCTAssertEqual(error { try BertTokenizer.load(tokenizerJSON: bpe) },
                       "\(bpe.path): model type BPE is not supported (only WordPiece)")
        let noUnknown = try write("nounk.json", "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 0}}}")
        XCTAssertEqual(error { try BertTokenizer.load(tokenizerJSON: noUnknown) },
                       "\(noUnknown.path): the unknown token [UNK] is not in the vocabulary")
    }

    func testCorruptVocabularyNamesTheLine() throws {
        let url = directory.appendingPathComponent("vocab.txt")
        try Data("[PAD]\n[UNK]\n[CLS]\nok\n\u{FF}bad\n".utf8.map { $0 == 0xC3 ? 0xFF : $0 } + [0x66, 0xFF, 0x0A])
            .write(to: url)
        XCTAssertEqual(error { try BertTokenizer.load(vocabulary: url, config: nil) },
                       "\(url.path): line 5: not valid UTF-8")
        let empty = try write("empty.txt", "")
        XCTAssertEqual(error { try BertTokenizer.load(vocabulary: empty, config: nil) },
                       "\(empty.path): the vocabulary is empty")
    }

    func testVocabularyWithoutTokenizerJSONUsesConfigFlags() throws {
        _ = try write("vocab.txt", "[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\n[MASK]\r\nHello\r\nhello\r\n##s\r\n")
        _ = try write("tokenizer_config.json", "{\"do_lower_case\": false, \"model_max_length\": 1e30}")
        let tokenizer = try BertTokenizer.load(directory: directory)
        XCTAssertEqual(tokenizer.maxLength, 512)
        XCTAssertEqual(tokenizer.encode("Hellos hellos HELLO").ids, [2, 5, 7, 6, 7, 1, 3])
    }

    func testModelMaxLengthMustBePositiveButHugeMeansNoLimit() throws {
        _ = try write("vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\n")
        for (value, shown) in [("0", "0"), ("-5", "-5"), ("-1e30", "-1e+30"), ("12.5", "12.5")] {
            let config = try write("tokenizer_config.json", "{\"model_max_length\": \(value)}")
            XCTAssertEqual(error { try BertTokenizer.load(directory: self.directory) },
                           "\(config.path): model_max_length must be a positive integer, got \(shown)")
        }
        for huge in ["1e30", "1000000000000000019884624838656", "null"] {
            _ = try write("tokenizer_config.json", "{\"model_max_length\": \(huge)}")
            XCTAssertEqual(try BertTokenizer.load(directory: directory).maxLength, 512, huge)
        }
        _ = try write("tokenizer_config.json", "{\"model_max_length\": 7}")
        XCTAssertEqual(try BertTokenizer.load(directory: directory).maxLength, 7)
    }

    func testTruncationMaxLengthInTokenizerJSONMustBePositive() throws {
        let source = try String(contentsOf: Fixtures.bundledModel.appendingPathComponent("tokenizer.json"), encoding: .utf8)
        XCTAssertTrue(source.contains("\"truncation\":{\"max_length\":128,"))
        let url = try write("tokenizer.json", source.replacingOccurrences(of: "\"truncation\":{\"max_length\":128,",
                                                                         with: "\"truncation\":{\"max_length\":0,"))
        XCTAssertEqual(error { try BertTokenizer.load(tokenizerJSON: url) },
                       "\(url.path): truncation.max_length must be a positive integer, got 0")
    }
}

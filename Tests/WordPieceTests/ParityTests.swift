import Foundation
import TestSupport
import WordPiece
import XCTest

/// Exact agreement with Hugging Face `tokenizers` on the fixtures of make_tokenizer_fixtures.py.
final class ParityTests: XCTestCase {
    static let fromJSON = try! BertTokenizer.load(tokenizerJSON: Fixtures.bundledModel.appendingPathComponent("tokenizer.json"))
    static let fromVocabulary = try! BertTokenizer.load(
        vocabulary: Fixtures.bundledModel.appendingPathComponent("vocab.txt"),
        config: Fixtures.bundledModel.appendingPathComponent("tokenizer_config.json"))

    func testCorpus() throws {
        let cases = try ParityCase.load("corpus.jsonl")
        XCTAssertGreaterThanOrEqual(cases.count, 3000)
        assertParity(cases, tokenizer: Self.fromJSON)
    }

    func testEveryCodePoint() throws {
        assertParity(try ParityCase.load("codepoints.jsonl"), tokenizer: Self.fromJSON)
    }

    func testVocabularyFileAgreesWithTokenizerJSON() throws {
        assertParity(try ParityCase.load("corpus.jsonl"), tokenizer: Self.fromVocabulary)
        assertParity(try ParityCase.load("codepoints.jsonl"), tokenizer: Self.fromVocabulary)
    }

    func testPairs() throws {
        assertParity(try ParityCase.load("pairs.jsonl"), tokenizer: Self.fromJSON)
    }

    func testTruncationSingleAndPairLongestFirst() throws {
        let cases = try ParityCase.load("truncation.jsonl")
        XCTAssertTrue(cases.contains { $0.truncated == true && $0.pair != nil })
        XCTAssertTrue(cases.contains { $0.truncated == true && $0.pair == nil })
        assertParity(cases, tokenizer: Self.fromJSON)
        assertParity(cases, tokenizer: Self.fromVocabulary)
    }

    func testCasedVocabularyVariants() throws {
        let directory = Fixtures.url("tokenizer/cased")
        for variant in ["cased", "cased-strip", "lower-keep-accents", "lower", "lower-no-chinese"] {
            let tokenizer = try BertTokenizer.load(
                vocabulary: directory.appendingPathComponent("vocab.txt"),
                config: directory.appendingPathComponent(variant + ".json"))
            assertParity(try ParityCase.load("cased/\(variant).jsonl"), tokenizer: tokenizer)
        }
    }

    func testAddedTokenFlags() throws {
        let tokenizer = try BertTokenizer.load(tokenizerJSON: Fixtures.url("tokenizer/added/tokenizer.json"))
        assertParity(try ParityCase.load("added/added.jsonl"), tokenizer: tokenizer)
    }
}

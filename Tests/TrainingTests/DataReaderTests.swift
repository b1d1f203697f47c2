import Foundation
import SeededRandom
import Training
import XCTest

/// CSV/TSV quoting, JSON lines and CoNLL parsing, and the seeded split.
final class DataReaderTests: XCTestCase {
    func testQuotedFieldsHoldDelimitersNewlinesAndDoubledQuotes() throws {
        let text = "text,label\r\n\"a, \"\"quoted\"\"\nline\",pos\n\nplain,neg\n\"\",neg"
        let records = try DelimitedReader(delimiter: UInt8(ascii: ","), file: "x.csv").records(Array(text.utf8))
        XCTAssertEqual(records.map(\.fields), [["text", "label"], ["a, \"quoted\"\nline", "pos"], ["plain", "neg"], ["", "neg"]])
        XCTAssertEqual(records.map(\.line), [1, 2, 5, 6])
        XCTAssertThrowsError(try DelimitedReader(delimiter: UInt8(ascii: ","), file: "x.csv").records(Array("a,\"b\"c\n".utf8))) {
            XCTAssertEqual("\($0)", "x.csv:1: text after the closing quote of a field")
        }
        let tabs = try DelimitedReader(delimiter: 9, file: "x.tsv").records(Array("t\tl\na,b\tc\n".utf8))
        XCTAssertEqual(tabs.map(\.fields), [["t", "l"], ["a,b", "c"]])
    }

    func testJSONLinesAndPairColumns() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reader-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("{\"q\":\"one\",\"p\":\"two\",\"y\":1}\n\n{\"q\":\"three\",\"p\":\"four\",\"y\":0}\n".utf8).write(to: url)
        let dataset = try Dataset.load(path: url.path, task: .sentence, columns: DataColumns(text: "q", pair: "p", label: "y"))
        XCTAssertEqual(dataset.examples.map(\.pair), ["two", "four"])
        XCTAssertEqual(dataset.examples.map(\.label), ["1", "0"])
        XCTAssertEqual(dataset.examples.map(\.line), [1, 3])
        XCTAssertThrowsError(try Dataset.load(path: url.path, task: .sentence, columns: DataColumns(text: "text", label: "y"))) {
            XCTAssertEqual("\($0)", "\(url.path):1: no string member 'text' (members: 'p', 'q', 'y')")
        }
    }

    func testCoNLLSentencesAndSplitIsSeededAndStratified() throws {
        let examples = try CoNLLReader(file: "t.conll").examples(Array("-DOCSTART-\tO\n\nA\tNN\tB-X\nb\tO\n\n\nc\tO\n".utf8))
        XCTAssertEqual(examples.map(\.words), [["A", "b"], ["c"]])
        XCTAssertEqual(examples.map(\.tags), [["B-X", "O"], ["O"]])
        XCTAssertEqual(examples.map(\.line), [3, 7])

        let rows = (0..<40).map { LabeledExample(text: "t\($0)", label: $0 < 30 ? "a" : "b", line: $0 + 2) }
        let dataset = Dataset(file: "d.csv", task: .sentence, examples: rows, contentHash: "0")
        let first = DataSplit.split(dataset, fraction: 0.1, seed: 1)
        XCTAssertEqual(first.train.count + first.validation.count, 40)
        XCTAssertTrue(Set(first.train).isDisjoint(with: first.validation))
        XCTAssertEqual(Set(first.validation.map { rows[$0].label }), ["a", "b"])
        XCTAssertEqual(DataSplit.split(dataset, fraction: 0.1, seed: 1).validation, first.validation)
        XCTAssertNotEqual(DataSplit.split(dataset, fraction: 0.1, seed: 2).validation, first.validation)
    }

    func testFittingIsDeterministicForASeed() {
        var generator = SeededGenerator(seed: 9)
        var matrix = FeatureMatrix(columns: 4)
        for row in 0..<50 {
            let values = (0..<4).map { _ in generator.uniform(1) }
            values.withUnsafeBufferPointer { matrix.append($0, label: row % 3) }
        }
        let options = FitOptions(kind: .mlp, hidden: 6, epochs: 5, seed: 3)
        let a = HeadTrainer(options: options, classes: 3).fit(train: matrix, validation: matrix)
        let b = HeadTrainer(options: options, classes: 3).fit(train: matrix, validation: matrix)
        XCTAssertEqual(a.flat, b.flat)
        var other = options
        other.seed = 4
        XCTAssertNotEqual(HeadTrainer(options: other, classes: 3).fit(train: matrix, validation: matrix).flat, a.flat)
    }
}

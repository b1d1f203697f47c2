import Foundation
import TestSupport
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `bert-explorer export` end to end: the cells of the SVG and CSV equal the numbers `inspect` prints.
final class ExportCommandTests: XCTestCase {
    let sentence = "The cat sat on the mat."

    private func run(_ arguments: [String]) throws -> String {
        let result = try BuiltBinary.run(arguments)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    private func inspect() throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try run(["inspect", sentence]).utf8)) as? [String: Any])
    }

    /// Every `<title>` of the SVG, which ends in ` = VALUE`.
    final class Titles: NSObject, XMLParserDelegate {
        var values: [String] = []
        private var current: String?
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) { if name == "title" { current = "" } }
        func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "title", let current { values.append(String(current.split(separator: " ").last!)) }
            current = nil
        }
    }

    func testSVGAndCSVCellsEqualInspect() throws {
        let json = try inspect()
        let attentions = try XCTUnwrap(json["attentions"] as? [[[[Double]]]])
        let expected = attentions[2][4].flatMap { $0 }.map { Float($0) }
        XCTAssertEqual(expected.count, 81)

        let svg = try run(["export", "--layer", "3", "--head", "5", sentence])
        let parser = XMLParser(data: Data(svg.utf8))
        let titles = Titles()
        parser.delegate = titles
        XCTAssertTrue(parser.parse(), "the SVG is well-formed XML")
        XCTAssertEqual(titles.values.compactMap { Float($0) }, expected)
        XCTAssertTrue(svg.contains("all-MiniLM-L6-v2 · attention · layer 3 · head 5 · linear"))

        let csv = try run(["export", "--layer", "3", "--head", "5", "--format", "csv", sentence])
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(rows[0], ["query\\key", "[CLS]", "the", "cat", "sat", "on", "the", "mat", ".", "[SEP]"])
        XCTAssertEqual(rows.dropFirst().map { String($0[0]) }, ["[CLS]", "the", "cat", "sat", "on", "the", "mat", ".", "[SEP]"])
        XCTAssertEqual(rows.dropFirst().flatMap { $0.dropFirst().map { Float(String($0))! } }, expected)
    }

    func testNormBasedExportEqualsInspectAttentionNorms() throws {
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try run(["inspect", "--attention-norms", sentence]).utf8)) as? [String: Any])
        let expected = try XCTUnwrap(json["attention_norms"] as? [[[[Double]]]])[5][11].flatMap { $0 }.map { Float($0) }
        let exported = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try run(
            ["export", "--norm-based", "--layer", "6", "--head", "12", "--format", "json", sentence]).utf8)) as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(exported["values"] as? [[Double]]).flatMap { $0 }.map { Float($0) }, expected)
        XCTAssertTrue((exported["title"] as? String ?? "").contains("norm-based"))
    }

    func testNormsViewEqualsInspectHiddenNorms() throws {
        let json = try inspect()
        let norms = try XCTUnwrap(json["hidden_norms"] as? [[Double]]).flatMap { $0 }.map { Float($0) }
        let exported = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try run(["export", "--view", "norms", "--format", "json", sentence]).utf8)) as? [String: Any])
        XCTAssertEqual(exported["rows"] as? [String], ["emb", "L1", "L2", "L3", "L4", "L5", "L6"])
        XCTAssertEqual(try XCTUnwrap(exported["values"] as? [[Double]]).flatMap { $0 }.map { Float($0) }, norms)
    }

    func testOutputFileFormatFromExtensionAndErrors() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).csv")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        XCTAssertEqual(try run(["export", "--view", "heads", "--statistic", "sep", "--output", url.path, sentence]), "")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "layer\\head,H1,H2,H3,H4,H5,H6,H7,H8,H9,H10,H11,H12")
        XCTAssertEqual(lines.count, 7)

        let badLayer = try BuiltBinary.run(["export", "--layer", "7", sentence])
        XCTAssertEqual(badLayer.status, 1)
        XCTAssertEqual(badLayer.stderr, "Error: layer 7 is outside 1...6\n")
        let badHead = try BuiltBinary.run(["export", "--head", "first", sentence])
        XCTAssertEqual(badHead.status, 1)
        XCTAssertTrue(badHead.stderr.contains("--head must be a head number from 1, mean or max"), badHead.stderr)
    }
}

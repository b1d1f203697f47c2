import Analysis
import Export
import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

final class ExportDocumentTests: XCTestCase {
    /// A small matrix with awkward labels: markup characters, a control character, a comma, a quote.
    let matrix = ExportMatrix(
        title: "model <&> · attention · layer 1 · head 2 · linear", rowAxis: "query", columnAxis: "key",
        rowLabels: ["[CLS]", "a<b", "x\u{1}y"], columnLabels: ["[CLS]", "c,d", "\"q\""],
        values: [0.5, 0.25, 0.25, 0, 1, 0, 0.2, 0.3, .nan],
        mapping: ScaleMapping(scale: .linear, lower: 0, upper: 1), rowBoundaries: [2], columnBoundaries: [2])

    /// Collects every `<rect>`'s `<title>` and the texts while parsing.
    final class Collector: NSObject, XMLParserDelegate {
        var titles: [String] = [], texts: [String] = [], rects = 0
        private var current: String?
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == "rect" { rects += 1 }
            if name == "title" || name == "text" { current = "" }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "title", let current { titles.append(current) }
            if name == "text", let current { texts.append(current) }
            current = nil
        }
    }

    func testSVGIsValidXMLWithOneTitledRectPerCell() throws {
        let svg = SVGDocument.render(matrix)
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        XCTAssertEqual(collector.titles.count, 9)
        XCTAssertEqual(collector.titles[1], "[CLS] → c,d = 0.25")
        XCTAssertEqual(collector.titles[6], "x\\u{1}y → [CLS] = 0.2")
        XCTAssertEqual(collector.titles[8], "x\\u{1}y → \"q\" = n/a")
        XCTAssertTrue(collector.texts.contains("model <&> · attention · layer 1 · head 2 · linear"))
        XCTAssertTrue(collector.texts.contains("a<b"), "row labels are drawn")
        XCTAssertTrue(collector.texts.contains("c,d"), "column labels are drawn")
        XCTAssertTrue(collector.texts.contains("linear"), "the colour bar names its scale")
        // 9 cells, the background, 64 colour-bar bands and the bar's frame.
        XCTAssertEqual(collector.rects, 9 + 1 + 64 + 1)
        XCTAssertEqual(svg.components(separatedBy: "<line").count - 1, 2 + 5, "two boundaries and five ticks")
        XCTAssertFalse(svg.contains("<style"), "no CSS")
    }

    func testColoursAreTheTerminalRamp() {
        let svg = SVGDocument.render(matrix)
        // 1.0 sits at the top of viridis (253, 231, 37); 0 at its bottom (68, 1, 84).
        XCTAssertTrue(svg.contains("fill=\"#fde725\"><title>a&lt;b → c,d = 1.0</title>"), svg)
        XCTAssertTrue(svg.contains("fill=\"#440154\"><title>a&lt;b → [CLS] = 0.0</title>"))
    }

    func testCSV() {
        let lines = CSVDocument.render(matrix).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines[0], "query\\key,[CLS],\"c,d\",\"\"\"q\"\"\"")
        XCTAssertEqual(lines[1], "[CLS],0.5,0.25,0.25")
        XCTAssertEqual(lines[3], "x\\u{1}y,0.2,0.3,")
        XCTAssertEqual(lines.count, 5)
    }

    func testJSONParses() throws {
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(JSONDocument.render(matrix).utf8)) as? [String: Any])
        XCTAssertEqual(json["rows"] as? [String], ["[CLS]", "a<b", "x\u{1}y"])
        let values = try XCTUnwrap(json["values"] as? [[Any]])
        XCTAssertEqual(values[1][1] as? Double, 1)
        XCTAssertTrue(values[2][2] is NSNull)
    }

    func testFileNames() {
        var settings = ExportSettings(view: .attention, layer: 2, head: 4)
        XCTAssertEqual(settings.fileName(sentence: "The cat sat on the mat."), "the-cat-sat-on_attention_L3_H5.svg")
        settings.head = nil
        settings.aggregation = .max
        XCTAssertEqual(settings.fileName(sentence: "../../etc/passwd é", format: .csv), "etc-passwd_attention_L3_max.csv")
        settings.view = .heads
        settings.statistic = .sep
        XCTAssertEqual(settings.fileName(sentence: "???"), "sentence_heads_sep.svg")
    }
}

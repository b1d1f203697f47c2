import Explorer
import Foundation
import TerminalUI
import TestSupport
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `w` writes the current view as SVG into the export directory and says where on the status line.
final class ViewExportTests: XCTestCase {
    func testWWritesTheCurrentViewAsSVG() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("view-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let s = ExplorerSession(tokenizer: TokenizerDouble(), encoder: EncoderDouble(layers: 3, heads: 4),
                                colorMode: .palette256, text: "the cat sat", width: 100, height: 30)
        s.exportDirectory = directory
        XCTAssertTrue(s.settle(timeout: 30))
        s.handle([.key(.down), .key(.tab), .character("w")])
        let attention = directory.appendingPathComponent("the-cat-sat_attention_L2_H1.svg")
        XCTAssertEqual(s.state.statusMessage, "wrote \(attention.path)")
        XCTAssertTrue(s.render().screen.text.contains("wrote "), "the status line says where")
        let parser = try XCTUnwrap(XMLParser(contentsOf: attention))
        XCTAssertTrue(parser.parse(), "well-formed SVG")
        let svg = try String(contentsOf: attention, encoding: .utf8)
        XCTAssertTrue(svg.contains("double · attention · layer 2 · head 1 · linear"), svg.prefix(600).description)

        s.handle([.character(Character(String(ViewRegistry.ids.firstIndex(of: .heads)! + 1))), .character("t"), .character("w")])
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("the-cat-sat_heads_cls.svg").path))

        s.handle([.character("1"), .key(.tab), .key(.tab), .key(.tab), .key(.tab), .character("r"), .character("w")])
        XCTAssertEqual(s.state.statusMessage, "w: rollout is not exported yet (r turns it off)")
    }
}

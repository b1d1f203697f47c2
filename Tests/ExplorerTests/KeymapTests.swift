import Explorer
import Foundation
import TestSupport
import XCTest

/// The keymap is the one source of keys: README's table is generated from it, and every registered view is
/// reachable by its digit, shown as a tab and listed in help.
final class KeymapTests: XCTestCase {
    func testReadmeKeyTableIsTheKeymap() throws {
        let readme = try String(contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let start = try XCTUnwrap(lines.firstIndex(of: "| Where | Keys | Action |"), "README has no key table")
        let table = lines[start...].prefix { $0.hasPrefix("|") }.joined(separator: "\n")
        XCTAssertEqual(table, Keymap.markdownTable, "README's key table differs from the keymap; paste:\n\(Keymap.markdownTable)")
    }

    /// README's screen captures are pasted text: a capture whose tab line misses a registered view is stale.
    func testReadmeCapturesShowEveryRegisteredTab() throws {
        let readme = try String(contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
        let tabLines = readme.components(separatedBy: "\n").filter { $0.hasPrefix("1 Att") }
        XCTAssertFalse(tabLines.isEmpty, "README has no screen capture")
        for line in tabLines {
            var rest = Substring(line)
            for (i, id) in ViewRegistry.ids.enumerated() {
                // A tab is its digit and title, or (on a narrow screen) the title's first three letters.
                let full = "\(i + 1) \(ViewRegistry.title(of: id))", short = "\(i + 1) \(ViewRegistry.title(of: id).prefix(3))"
                let tab = rest.hasPrefix(full) ? full : short
                XCTAssertTrue(rest.hasPrefix(tab), "README capture's tab line lacks \"\(full)\": \(line)")
                guard rest.hasPrefix(tab) else { break }
                rest = rest.dropFirst(tab.count).drop { $0 == " " }
            }
        }
    }

    func testEveryRegisteredViewHasATabADigitAndHelp() {
        let session = ExplorerSession(tokenizer: TokenizerDouble(), encoder: EncoderDouble(), colorMode: .none,
                                      text: "the cat sat", width: 100, height: 40)
        XCTAssertTrue(session.settle(timeout: 30))
        for (i, id) in ViewRegistry.ids.enumerated() {
            session.handle(.character(Character(String(i + 1))))
            XCTAssertEqual(session.state.view, id)
            let frame = session.render()
            XCTAssertTrue(frame.screen.text.contains("\(i + 1) \(ViewRegistry.title(of: id))"))
            XCTAssertTrue(frame.hitRegions.regions.contains { $0.target == .view(id) }, "tab of \(id) is clickable")
        }
        session.handle(.key(.f1))
        XCTAssertTrue(session.state.showHelp)
        XCTAssertTrue(session.render().screen.text.contains("Editing"))
    }
}

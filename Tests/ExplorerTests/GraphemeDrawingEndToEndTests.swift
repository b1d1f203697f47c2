import Foundation
import TestSupport
import XCTest

/// Issue 7 item 14 in the real terminal: an ncurses cell holds one spacing character, so a ZWJ family and a
/// flag once drew as a lone or stale scalar (`👨 b ‍🇫`) and shifted the line. Now each keeps its two columns:
/// the family as its first emoji, the flag as its letters.
final class GraphemeDrawingEndToEndTests: XCTestCase {
    func testZWJSequencesAndFlagsKeepTheirColumnsInTmux() throws {
        let session = try TmuxSession(command: [BuiltBinary.url.path, "a 👨‍👩‍👧 b 🇫🇷 c ❤️ d"], width: 80, height: 20,
                                      environment: ["NO_COLOR": "1"])
        defer { session.kill() }
        let screen = try session.waitUntil("first frame", timeout: 90) { $0.contains("EXPLORE") && $0.contains("tokens") }
        let input = String(screen.split(separator: "\n").first { $0.hasPrefix("›") } ?? "")
            .trimmingCharacters(in: .whitespaces)
        XCTAssertEqual(input, "› a 👨 b FR c ❤️ d", screen)
        XCTAssertFalse(input.unicodeScalars.contains { $0 == "\u{200D}" || (0x1F1E6...0x1F1FF).contains($0.value) }, input)
    }
}

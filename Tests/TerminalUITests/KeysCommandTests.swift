import Foundation
import TestSupport
import XCTest

/// End to end: the built `bert-explorer keys` in a real terminal (tmux), through the curses backend.
final class KeysCommandTests: XCTestCase {
    private var sessions: [TmuxSession] = []

    override func tearDown() {
        sessions.forEach { $0.kill() }
        sessions.removeAll()
        super.tearDown()
    }

    /// Starts `bert-explorer keys` under a shell that, once it ends, prints its exit status and the tty
    /// modes it left (`status=0 modes=icanon echo isig`), then stays so the pane can be read. Waits for
    /// the first frame.
    private func startKeys(width: Int = 100, height: Int = 30, term: String = "tmux-256color",
                           environment: [String: String] = [:]) throws -> TmuxSession {
        try XCTSkipUnless(TmuxSession.isAvailable, "tmux is not installed")
        let binary = BuiltBinary.url.path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary), "no built binary at \(binary)")
        let script = """
            '\(binary)' keys; s=$?; m=$(stty -a | tr ' ;' '\\n\\n' | grep -x -- '-\\{0,1\\}\\(icanon\\|echo\\|isig\\)' \
            | tr '\\n' ' '); echo "status=$s modes=$m"; exec sleep 600
            """
        let session = try TmuxSession(command: ["/bin/sh", "-c", script], width: width, height: height, term: term,
                                      environment: environment)
        sessions.append(session)
        try session.waitFor("q quits")
        return session
    }

    func testNamedKeysControlLettersAndWideCharacters() throws {
        let session = try startKeys()
        try session.sendKeys("Left", "Right", "Up", "Down", "Home", "End", "PPage", "NPage")
        try session.sendKeys("BSpace", "C-h", "DC", "Enter", "C-j", "Escape", "Tab", "BTab", "C-a", "C-z")
        try session.type("x中é")
        let screen = try session.waitFor("character é")
        let expected = [
            "1 key left", "2 key right", "3 key up", "4 key down", "5 key home", "6 key end", "7 key pageUp",
            "8 key pageDown", "9 key backspace", "10 key backspace", "11 key delete", "12 key enter",
            "13 key enter", "14 key escape", "15 key tab", "16 key backTab", "17 control a", "18 control z",
            "19 character x U+0078", "20 character 中 U+4E2D", "21 character é U+00E9",
        ]
        for line in expected { XCTAssertTrue(screen.contains("│ \(line) "), "missing \(line):\n\(screen)") }
    }

    func testMouseClicksAndWheel() throws {
        let session = try startKeys()
        // xterm X10 mouse reports (TERM=tmux-256color has kmous=\E[M): button byte, then 33+x, 33+y.
        try session.type("\u{1B}[M &$")   // left press at column 5, row 3
        try session.type("\u{1B}[M#&$")   // release (not an event)
        try session.type("\u{1B}[M`*%")   // wheel up at 9, 4
        try session.type("\u{1B}[Ma!!")   // wheel down at 0, 0
        let screen = try session.waitFor("scroll down")
        XCTAssertTrue(screen.contains("1 click x=5 y=3"), screen)
        XCTAssertTrue(screen.contains("2 scroll up x=9 y=4"), screen)
        XCTAssertTrue(screen.contains("3 scroll down x=0 y=0"), screen)
    }

    func testResizeIsReportedAndRedrawn() throws {
        let session = try startKeys(width: 100, height: 30)
        try session.resize(width: 60, height: 12)
        let screen = try session.waitFor("resize 60x12")
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(rows[1].contains("size=60x12"), screen)
        XCTAssertEqual(rows[11], "└" + String(repeating: "─", count: 58) + "┘", screen)
    }

    func testQuitLeavesTheAlternateScreenAndRestoresModes() throws {
        let session = try startKeys()
        XCTAssertEqual(try session.format("#{alternate_on} #{cursor_flag}"), "1 0")
        try session.sendKeys("a", "q")
        let screen = try session.waitFor("status=")
        XCTAssertTrue(screen.contains("keys: quit by q after 1 events"), screen)
        XCTAssertTrue(screen.contains("status=0 modes=isig icanon echo"), screen)
        XCTAssertFalse(screen.contains("q quits"), "the alternate screen is still shown:\n\(screen)")
        XCTAssertEqual(try session.format("#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{keypad_flag}"),
                       "0 1 0 0")
    }

    func testControlCQuits() throws {
        let session = try startKeys()
        try session.sendKeys("C-c")
        let screen = try session.waitFor("status=")
        XCTAssertTrue(screen.contains("keys: quit by Ctrl-C after 0 events"), screen)
        XCTAssertTrue(screen.contains("status=0 modes=isig icanon echo"), screen)
    }

    func testSIGTERMRestoresTheTerminal() throws {
        let session = try startKeys()
        let shell = try session.pid()
        let child = try XCTUnwrap(Self.children(of: shell).first, "no keys process under the shell")
        kill(child, SIGTERM)
        let screen = try session.waitFor("status=")
        XCTAssertTrue(screen.contains("status=143 modes=isig icanon echo"), screen)
        XCTAssertFalse(screen.contains("q quits"), "the alternate screen is still shown:\n\(screen)")
        XCTAssertEqual(try session.format("#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{keypad_flag}"),
                       "0 1 0 0")
    }

    func testColourModes() throws {
        let plain = try startKeys(environment: ["NO_COLOR": "1"])
        let noColor = try plain.capture(escapes: true)
        XCTAssertTrue(noColor.contains("mode=none->none"), noColor)
        XCTAssertFalse(noColor.contains("[48;"), "NO_COLOR still drew colours:\n\(noColor)")
        XCTAssertTrue(noColor.contains("░▒") || noColor.contains("▒▓"), noColor)

        let palette = try startKeys()
        let indexed = try palette.capture(escapes: true)
        XCTAssertTrue(indexed.contains("mode=palette256->palette256"), indexed)
        XCTAssertTrue(indexed.contains("\u{1B}[48;5;53m"), "viridis should start at palette 53:\n\(indexed)")

        // tmux-256color has neither direct colour nor a redefinable palette: 24-bit falls back to indices.
        let truecolor = try startKeys(environment: ["COLORTERM": "truecolor"])
        let fallback = try truecolor.capture(escapes: true)
        XCTAssertTrue(fallback.contains("mode=truecolor->palette256"), fallback)
        XCTAssertTrue(fallback.contains("\u{1B}[48;5;53m"), fallback)
    }

    /// Process ids whose parent is `pid`.
    private static func children(of pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { candidate in
            guard let stat = try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == pid
        }
    }
}

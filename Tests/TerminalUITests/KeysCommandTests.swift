import Foundation
import TerminalUI
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
    /// the first frame to be complete (its last cell is the frame's bottom-right corner).
    private func startKeys(width: Int = 100, height: Int = 30, term: String = "tmux-256color",
                           environment: [String: String] = [:], arguments: String = "",
                           firstFrame: String = "┘") throws -> TmuxSession {
        let binary = BuiltBinary.url.path
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary), "no built binary at \(binary)")
        let script = """
            '\(binary)' keys \(arguments); s=$?; m=$(stty -a | tr ' ;' '\\n\\n' | grep -x -- '-\\{0,1\\}\\(icanon\\|echo\\|isig\\)' \
            | tr '\\n' ' '); echo "status=$s modes=$m"; exec sleep 600
            """
        let session = try TmuxSession(command: ["/bin/sh", "-c", script], width: width, height: height, term: term,
                                      environment: environment)
        sessions.append(session)
        try session.waitFor(firstFrame)
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

    /// The event list scrolls, so wide and narrow glyphs move between cells from frame to frame: only
    /// changed cells are sent, and every row must still end at the right border.
    func testIncrementalRedrawKeepsWideCharactersAligned() throws {
        let session = try startKeys(width: 40, height: 10)
        for text in ["中", "a", "文", "b", "字", "c", "한", "d"] { try session.type(text) }
        let screen = try session.waitFor("8 character d")
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(Array(rows[6...8]), [
            "│ 6 character c U+0063                 │",
            "│ 7 character 한 U+D55C                │",
            "│ 8 character d U+0064                 │",
        ], screen)
        XCTAssertEqual(rows[9], "└" + String(repeating: "─", count: 38) + "┘", screen)
    }

    /// The reports arrive in one write, as they do when the program is busy while the user clicks and scrolls:
    /// ncurses then parses them as one run and queues several events behind one KEY_MOUSE. (Typed one `type` at a
    /// time they arrived together or apart depending on the machine's load, and the click was lost when together.)
    func testMouseClicksAndWheel() throws {
        let session = try startKeys()
        // xterm X10 mouse reports (TERM=tmux-256color has kmous=\E[M): button byte, then 33+x, 33+y.
        try session.type("\u{1B}[M &$"    // left press at column 5, row 3
                         + "\u{1B}[M#&$"  // release (not an event)
                         + "\u{1B}[M`*%"  // wheel up at 9, 4
                         + "\u{1B}[Ma!!") // wheel down at 0, 0
        let screen = try session.waitFor("scroll down")
        XCTAssertTrue(screen.contains("1 click x=5 y=3"), screen)
        XCTAssertTrue(screen.contains("2 scroll up x=9 y=4"), screen)
        XCTAssertTrue(screen.contains("3 scroll down x=0 y=0"), screen)
    }

    func testResizeIsReportedAndRedrawn() throws {
        let session = try startKeys(width: 100, height: 30)
        try session.resize(width: 60, height: 12)
        let border = "└" + String(repeating: "─", count: 58) + "┘"
        let screen = try session.waitUntil("a 60x12 frame after the resize event") {
            $0.contains("resize 60x12") && $0.split(separator: "\n").count > 11 && $0.split(separator: "\n")[11] == border
        }
        XCTAssertTrue(screen.split(separator: "\n")[1].contains("size=60x12"), screen)
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

    func testPlainCLocaleStillDrawsAndReadsUnicode() throws {
        let session = try startKeys(environment: ["LANG": "C", "LC_ALL": "C"])
        try session.type("é中")
        let screen = try session.waitFor("character 中 U+4E2D")
        XCTAssertTrue(screen.contains("┌ events (newest last) ─"), screen)
        XCTAssertTrue(screen.contains("1 character é U+00E9"), screen)
    }

    func testMoreThan255ColourPairsShowExactly() throws {
        let session = try startKeys(width: 100, height: 30, arguments: "--pair-test", firstFrame: "▀")
        var expected = Screen(width: 100, height: 30)
        for y in 0..<30 {
            for x in 0..<100 {
                expected.put("▀", x: x, y: y, foreground: .indexed(UInt8(16 + (x + y * 100) % 240)),
                             background: .indexed(UInt8(16 + (x * 7 + y * 11) % 240)))
            }
        }
        do {
            try session.waitUntil("the whole grid", escapes: true) {
                TmuxScreen(capture: $0).firstDifference(from: expected) == nil
            }
        } catch {
            XCTFail(TmuxScreen(capture: try session.capture(escapes: true)).firstDifference(from: expected)
                    ?? "\(error)")
        }
    }

    /// With `COLORTERM=truecolor` the backend looks for the `-direct` variant of TERM; given one (compiled
    /// here with `tic`, as ncurses-term ships it), colours are exact 24-bit.
    func testTruecolorThroughADirectColourTerminfo() throws {
        let tic = URL(fileURLWithPath: "/usr/bin/tic")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: tic.path), "tic (ncurses-bin) is required")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bx-terminfo-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let source = directory.appendingPathComponent("tmux-direct.src")
        try """
            tmux-direct|tmux with direct colour,
            \tcolors#0x1000000, pairs#0x10000, RGB,
            \tsetab=\\E[%?%p1%{8}%<%t4%p1%d%e48;2;%p1%{65536}%/%d;%p1%{256}%/%{255}%&%d;%p1%{255}%&%d%;m,
            \tsetaf=\\E[%?%p1%{8}%<%t3%p1%d%e38;2;%p1%{65536}%/%d;%p1%{256}%/%{255}%&%d;%p1%{255}%&%d%;m,
            \tuse=tmux-256color,

            """.write(to: source, atomically: true, encoding: .utf8)
        let compile = try Process.run(tic, arguments: ["-x", "-o", directory.path, source.path])
        compile.waitUntilExit()
        XCTAssertEqual(compile.terminationStatus, 0)

        let session = try startKeys(environment: ["COLORTERM": "truecolor", "TERMINFO_DIRS": directory.path + ":"])
        let shown = try session.capture(escapes: true)
        XCTAssertTrue(shown.contains("mode=truecolor->truecolor"), shown)
        XCTAssertTrue(shown.contains("\u{1B}[48;2;68;1;84m"), "viridis should start at exact #440154:\n\(shown)")
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

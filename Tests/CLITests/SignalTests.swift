import Foundation
import TestSupport
import XCTest

/// Issue 7 item 6, end to end in tmux: signals restore the terminal and end with the conventional status;
/// SIGTSTP restores and stops, and continuing (`fg`) puts the full-screen UI back.
final class SignalTests: XCTestCase {
    private var sessions: [TmuxSession] = []
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("signals-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        sessions.forEach { $0.kill() }
        sessions.removeAll()
        try? FileManager.default.removeItem(at: directory)
        super.tearDown()
    }

    /// `bert-explorer keys` as a job of a shell with job control (so a stop really stops it), which prints its
    /// status and tty modes when it stops or ends; after a stop it waits for the file `go`, then runs `fg`.
    private func startKeys() throws -> TmuxSession {
        let go = directory.appendingPathComponent("go").path
        let script = """
            set -m; modes() { stty -a | tr ' ;' '\\n\\n' | grep -x -- '-\\{0,1\\}\\(icanon\\|echo\\|isig\\)' | tr '\\n' ' '; }
            '\(BuiltBinary.url.path)' keys; s=$?; echo "first=$s modes=$(modes)"
            if [ $s = 148 ]; then while [ ! -e '\(go)' ]; do sleep 0.05; done; fg; s=$?; echo "then=$s modes=$(modes)"; fi
            exec sleep 600
            """
        let session = try TmuxSession(command: ["/bin/bash", "-c", script], width: 100, height: 30)
        sessions.append(session)
        try session.waitFor("┘")
        return session
    }

    private func programPID(_ session: TmuxSession) throws -> pid_t {
        let shell = try session.pid()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
            if let pid = children.split(separator: " ").compactMap({ pid_t($0) }).first { return pid }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TmuxError.unavailable
    }

    func testEndingSignalsRestoreTheTerminalAndEndWithTheirStatus() throws {
        for (signal, status) in [(SIGUSR1, 138), (SIGUSR2, 140), (SIGPIPE, 141), (SIGALRM, 142), (SIGTERM, 143),
                                 (SIGSEGV, 139), (SIGABRT, 134)] {
            let session = try startKeys()
            kill(try programPID(session), signal)
            let screen = try session.waitFor("first=")
            XCTAssertTrue(screen.contains("first=\(status) modes=isig icanon echo"), "signal \(signal):\n\(screen)")
            XCTAssertEqual(try session.format("#{alternate_on}"), "0", "signal \(signal)")
            XCTAssertEqual(try session.format("#{cursor_flag}"), "1", "signal \(signal)")
            XCTAssertEqual(try session.format("#{mouse_any_flag}#{mouse_standard_flag}"), "00", "signal \(signal)")
            session.kill()
        }
    }

    func testStopRestoresTheTerminalAndContinueRedraws() throws {
        let session = try startKeys()
        try session.sendKeys("x")
        try session.waitFor("1 character x")
        kill(try programPID(session), SIGTSTP)
        let stopped = try session.waitFor("first=")
        XCTAssertTrue(stopped.contains("first=148 modes=isig icanon echo"), stopped)
        XCTAssertEqual(try session.format("#{alternate_on}"), "0")
        FileManager.default.createFile(atPath: directory.appendingPathComponent("go").path, contents: Data())
        try session.waitUntil("the UI back") { $0.contains("q quits") && $0.contains("1 character x") }
        XCTAssertEqual(try session.format("#{alternate_on}"), "1")
        try session.sendKeys("y")
        try session.waitFor("character y")
        try session.sendKeys("q")
        let screen = try session.waitFor("then=")
        XCTAssertTrue(screen.contains("then=0 modes=isig icanon echo"), screen)
    }
}

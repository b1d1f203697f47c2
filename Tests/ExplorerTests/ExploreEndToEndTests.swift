import Foundation
import TestSupport
import XCTest

/// The real binary in a tmux pane: it opens on the bundled model, re-tokenizes as keys arrive, switches views,
/// and quits with `q`, exiting 0. Skipped when tmux is not installed.
final class ExploreEndToEndTests: XCTestCase {
    struct Tmux {
        let socket = "bert-explorer-e2e-\(ProcessInfo.processInfo.processIdentifier)"

        /// Runs `tmux -L socket <arguments>` through `/bin/sh`, waiting with `waitpid`. (Foundation's `Process`
        /// never sees the client exit: the tmux server it forks keeps Foundation's internal descriptors open.)
        @discardableResult
        func run(_ arguments: [String]) throws -> String {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).out")
            let quoted = (["tmux", "-L", socket] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            let command = quoted.joined(separator: " ") + " > '\(output.path)' 2>/dev/null < /dev/null"
            var pid: pid_t = 0
            let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
            defer { argv.forEach { free($0) } }
            guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { throw XCTSkip("cannot spawn /bin/sh") }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        }

        func screen() -> String { (try? run(["capture-pane", "-p"])) ?? "" }

        /// Polls the pane until `predicate` holds or `seconds` pass.
        func wait(seconds: Double, for predicate: (String) -> Bool) -> String {
            let deadline = Date().addingTimeInterval(seconds)
            var text = screen()
            while !predicate(text), Date() < deadline {
                usleep(100_000)
                text = screen()
            }
            return text
        }
    }

    func testTypeExploreAndQuit() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { throw XCTSkip("tmux not installed") }
        let tmux = Tmux()
        let command = "env TERM=tmux-256color NO_COLOR=1 '\(BuiltBinary.url.path)' 'The cat'; echo EXIT=$?; sleep 30"
        try tmux.run(["new-session", "-d", "-x", "100", "-y", "30", command])
        defer { _ = try? tmux.run(["kill-server"]) }

        var text = tmux.wait(seconds: 90) { $0.contains("EXPLORE") && $0.contains(" ms ") }
        XCTAssertTrue(text.contains("tok [CLS] the  cat  [SEP]"), text)

        try tmux.run(["send-keys", "e"])
        try tmux.run(["send-keys", "End"])
        try tmux.run(["send-keys", " sat ||| ok"])
        text = tmux.wait(seconds: 10) { $0.contains("[SEP] ok") }
        XCTAssertTrue(text.contains("tok [CLS] the  cat  sat  [SEP] ok   [SEP]"), text)
        XCTAssertTrue(text.contains("seg 0     0    0    0    0     1    1"), text)

        try tmux.run(["send-keys", "Escape"])
        try tmux.run(["send-keys", "4"])
        text = tmux.wait(seconds: 10) { $0.contains("layer × head") }
        XCTAssertTrue(text.contains("L6"), text)

        try tmux.run(["send-keys", "q"])
        text = tmux.wait(seconds: 10) { $0.contains("EXIT=") }
        XCTAssertTrue(text.contains("EXIT=0"), text)
    }
}

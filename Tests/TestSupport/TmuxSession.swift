import Foundation

/// A program running in a detached tmux session of a fixed size, for end-to-end terminal tests: type
/// into it, read the screen back, resize it, signal it.
///
/// Every session gets its own server (`tmux -L <unique socket>`) and a generated config (no status
/// line, so the pane is exactly `width`×`height`; `remain-on-exit`, so the screen and exit status can be
/// read after the program ends). The server is killed by `kill()` or on deinit.
///
/// ```swift
/// let session = try TmuxSession(command: [BuiltBinary.url.path, "keys"], width: 100, height: 30)
/// defer { session.kill() }
/// try session.waitFor("q quits")
/// try session.sendKeys("Left", "C-a")
/// try session.type("héllo")
/// let screen = try session.waitFor("key left")
/// ```
public final class TmuxSession {
    /// Whether a `tmux` executable is on the PATH (without it, starting a session throws `TmuxError.unavailable`).
    public static var isAvailable: Bool { executable != nil }

    public let socket: String
    public let name: String
    private let directory: URL
    private var killed = false

    nonisolated(unsafe) private static var counter = 0
    private static let counterLock = NSLock()

    /// Starts `command` (executed directly, no shell) in a new session `width`×`height`.
    ///
    /// The command sees `TERM=term` (default `tmux-256color`), no `NO_COLOR` or `COLORTERM` from the
    /// test's own environment, and then `environment`.
    public init(command: [String], width: Int = 100, height: Int = 30, term: String = "tmux-256color",
                environment: [String: String] = [:]) throws {
        guard Self.executable != nil else { throw TmuxError.unavailable }
        let id = Self.counterLock.withLock { () -> Int in
            Self.counter += 1
            return Self.counter
        }
        socket = "bx-\(getpid())-\(id)-\(UInt32.random(in: 0...UInt32.max))"
        name = "s\(id)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("tmux.conf")
        try """
            set-option -g status off
            set-option -g default-terminal \(term)
            set-option -g escape-time 0
            set-window-option -g remain-on-exit on
            set-window-option -g aggressive-resize off
            """.write(to: config, atomically: true, encoding: .utf8)
        let variables = ["TERM=\(term)"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        try Self.tmux(socket: socket, ["-f", config.path, "new-session", "-d", "-s", name,
                                       "-x", String(width), "-y", String(height), "--",
                                       "/usr/bin/env", "-u", "NO_COLOR", "-u", "COLORTERM"] + variables + command)
    }

    deinit { kill() }

    /// Sends named keys as tmux spells them: `"Left"`, `"Home"`, `"PPage"`, `"BSpace"`, `"DC"` (Delete),
    /// `"Enter"`, `"Escape"`, `"Tab"`, `"BTab"`, `"C-a"`, `"F1"`, or single characters.
    public func sendKeys(_ keys: String...) throws {
        try run(["send-keys", "-t", name] + keys)
    }

    /// Types `text` literally (UTF-8, escape sequences included: raw mouse reports go through this).
    public func type(_ text: String) throws {
        try run(["send-keys", "-t", name, "-l", text])
    }

    /// Pastes `text` as a terminal paste does: through a tmux buffer (`load-buffer`, then `paste-buffer -p`,
    /// which wraps it in bracketed-paste markers when the program asked for them; line feeds arrive as CR).
    public func paste(_ text: String) throws {
        let file = directory.appendingPathComponent("paste-\(UUID().uuidString).txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try run(["load-buffer", "-b", "paste", file.path])
        try run(["paste-buffer", "-p", "-d", "-b", "paste", "-t", name])
    }

    /// The pane's rows as text (trailing spaces trimmed by tmux); with `escapes`, including SGR colour
    /// and attribute sequences.
    public func capture(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    /// A tmux format evaluated for the pane, e.g. `"#{alternate_on}"` or `"#{cursor_x},#{cursor_y}"`.
    public func format(_ format: String) throws -> String {
        try run(["display-message", "-p", "-t", name, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits until the pane shows `text`; returns the screen. Throws with the last screen on timeout.
    @discardableResult
    public func waitFor(_ text: String, timeout: TimeInterval = 10) throws -> String {
        try waitUntil("\"\(text)\" on screen", timeout: timeout) { $0.contains(text) }
    }

    /// Polls the screen every 50 ms until `predicate` holds; returns that screen.
    @discardableResult
    public func waitUntil(_ description: String, timeout: TimeInterval = 10, escapes: Bool = false,
                          _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while true {
            screen = try capture(escapes: escapes)
            if predicate(screen) { return screen }
            if Date() > deadline { throw TmuxError.timedOut(waitingFor: description, seconds: timeout, screen: screen) }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Resizes the window (and so the pane) to `width`×`height`; the program gets SIGWINCH.
    public func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// The process id of the pane's command.
    public func pid() throws -> pid_t {
        guard let pid = pid_t(try format("#{pane_pid}")) else { throw TmuxError.unavailable }
        return pid
    }

    /// Sends `signal` to the pane's command.
    public func signal(_ signal: Int32) throws {
        Foundation.kill(try pid(), signal)
    }

    /// Waits for the pane's command to end and returns its exit status (tmux's `pane_dead_status`; a
    /// command killed by a signal has none and gives -1).
    @discardableResult
    public func waitForExit(timeout: TimeInterval = 10) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while try format("#{pane_dead}") != "1" {
            if Date() > deadline {
                throw TmuxError.timedOut(waitingFor: "the command to exit", seconds: timeout, screen: try capture())
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return Int32(try format("#{pane_dead_status}")) ?? -1
    }

    /// Kills the tmux server of this session (and so the program). Safe to call more than once.
    public func kill() {
        guard !killed else { return }
        killed = true
        _ = try? run(["kill-server"])
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        try Self.tmux(socket: socket, arguments)
    }

    @discardableResult
    private static func tmux(socket: String, _ arguments: [String]) throws -> String {
        guard let executable else { throw TmuxError.unavailable }
        // Output goes to a file, not a pipe: the tmux server that `new-session` forks would inherit the
        // pipe and keep it open, so reading it to the end would never return. posix_spawn and waitpid
        // rather than Foundation's Process, whose exit monitoring was seen to miss tmux's exit here.
        let outputURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(socket)-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: outputURL) }
        let status = try spawnAndWait(executable.path, ["-L", socket] + arguments, output: outputURL.path)
        let text = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw TmuxError.commandFailed(arguments: arguments, status: status, output: text)
        }
        return text
    }

    /// Runs `path` with `arguments`, stdin from /dev/null, stdout and stderr to `output`; returns the exit
    /// status (128 + signal when killed).
    private static func spawnAndWait(_ path: String, _ arguments: [String], output: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") }
            + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let error = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard error == 0 else { throw POSIXError(POSIXErrorCode(rawValue: error) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    private static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("tmux") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()
}

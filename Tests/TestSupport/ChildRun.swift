import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `bert-explorer` as a child process with a deadline, and reports what `Process` cannot: its
/// peak resident memory and the signal that ended it. (The peak is polled from `/proc/PID/status` `VmHWM` while
/// the child runs: `wait4`'s `ru_maxrss` would include this test process's size, which a spawned child inherits
/// in Linux's accounting until it execs.) Standard input is fed by a generator
/// (so a test can stream 100 MB without storing it); standard output and error go to files.
public enum ChildRun {
    public struct Result: Sendable {
        /// Exit status, or nil when a signal ended the process (or the deadline killed it).
        public let status: Int32?
        public let signal: Int32?
        public let timedOut: Bool
        /// Highest `VmHWM` seen while the child ran (0 when it ended before the first look).
        public let peakKilobytes: Int
        public let stdout: String
        public let stderr: String
    }

    /// Starts `arguments` (the first is the executable; `BuiltBinary.url.path` when nil is given) and calls
    /// `feed` with a writer for its standard input, which is closed afterwards. The child is killed after
    /// `timeout` seconds.
    public static func run(_ arguments: [String], executable: String = BuiltBinary.url.path,
                           environment: [String: String]? = nil, timeout: TimeInterval = 120,
                           feed: (_ write: (Data) -> Bool) -> Void = { _ in }) throws -> Result {
        // Writing into a pipe the child closed must fail with EPIPE here, not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outPath = directory.appendingPathComponent("out").path, errPath = directory.appendingPathComponent("err").path

        var input: [Int32] = [0, 0]
        guard pipe(&input) == 0 else { throw POSIXError(.EIO) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_addclose(&actions, input[1])
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0)=\($1)") } + [nil]
        defer { env.forEach { free($0) } }
        // The child starts with SIGPIPE at its default action, whatever this process does with it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, env)
        close(input[0])
        guard spawned == 0 else {
            close(input[1])
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
        }
        let writer = input[1]
        feed { data in
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(writer, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return false }
                    offset += n
                }
                return true
            }
        }
        close(writer)

        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        var peak = 0
        while wait4(pid, &status, WNOHANG, &usage) == 0 {
            if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peak = max(peak, kilobytes)
            }
            if Date() > deadline && !timedOut {
                timedOut = true
                kill(pid, SIGKILL)
            }
            usleep(5_000)
        }
        let read = { (path: String) in String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
        let signalled = status & 0x7F
        return Result(status: signalled == 0 ? (status >> 8) & 0xFF : nil, signal: signalled == 0 ? nil : signalled,
                      timedOut: timedOut, peakKilobytes: peak, stdout: read(outPath), stderr: read(errPath))
    }
}

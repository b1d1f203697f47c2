import Foundation

/// Starting this program again as a child, for `bench startup`: posix_spawn and waitpid, nothing in between
/// that would add to the time measured.
enum ChildProcess {
    /// Milliseconds from spawning `executable` with `arguments` (output discarded) until it exits; throws when it
    /// fails.
    static func timeToExit(_ executable: String, _ arguments: [String]) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        let pid = try spawn(executable, arguments, terminal: nil)
        let status = wait(pid)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        guard status == 0 else { throw CommandFailure("bench startup: \(arguments.first ?? "") exited with status \(status)") }
        return elapsed
    }

    /// Spawns `executable` with standard input, output and error on `terminal` (a pseudo-terminal's two ends: the
    /// child gets the second and not the first), or on /dev/null; with `TERM` set to `term` when given.
    static func spawn(_ executable: String, _ arguments: [String], terminal: (master: Int32, child: Int32)?,
                      term: String? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let terminal {
            for fd: Int32 in 0...2 { posix_spawn_file_actions_adddup2(&actions, terminal.child, fd) }
            posix_spawn_file_actions_addclose(&actions, terminal.master)
            posix_spawn_file_actions_addclose(&actions, terminal.child)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
            posix_spawn_file_actions_adddup2(&actions, 0, 2)
        }
        var environment = ProcessInfo.processInfo.environment
        if let term {
            environment["TERM"] = term
            environment["COLORTERM"] = nil
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let error = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard error == 0 else {
            throw CommandFailure("bench startup: cannot start \(executable): \(String(cString: strerror(error)))")
        }
        return pid
    }

    /// Waits for `pid`; its exit status, or 128 + the signal that ended it.
    @discardableResult
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}

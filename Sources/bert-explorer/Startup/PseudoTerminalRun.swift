import Foundation

/// The explorer run on a pseudo-terminal for `bench startup`: the time until a frame with values reaches the
/// terminal, read from the terminal side as a user would see it.
enum PseudoTerminalRun {
    /// Milliseconds from spawning `executable` with `arguments` on a new 120×40 pseudo-terminal until its output
    /// shows the header's forward-pass time (`… 5.0 ms`), which is drawn with the first values. The program is then
    /// sent `q`; one that does not end within seconds is killed.
    static func timeToFirstValues(_ executable: String, _ arguments: [String]) throws -> Double {
        var master: Int32 = -1, child: Int32 = -1
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &child, nil, nil, &size) == 0 else {
            throw CommandFailure("bench startup: cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        defer { close(master) }
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = Result { try ChildProcess.spawn(executable, arguments, terminal: (master, child), term: "xterm-256color") }
        close(child)  // the child's copy is enough: reading then ends when it exits
        let pid = try spawned.get()
        var output: [UInt8] = []
        var elapsed: Double?
        let deadline = start + 60_000_000_000
        while elapsed == nil {
            guard read(master, into: &output, until: deadline) else { break }
            if hasForwardTime(output) { elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }
        }
        _ = "q".withCString { write(master, $0, 1) }
        // Drain until the child closes the terminal, so it never blocks writing its last frame.
        let end = DispatchTime.now().uptimeNanoseconds + 5_000_000_000
        var rest: [UInt8] = []
        while read(master, into: &rest, until: end) { rest.removeAll(keepingCapacity: true) }
        if kill(pid, 0) == 0 && waitpid(pid, nil, WNOHANG) == 0 { kill(pid, SIGKILL) }
        ChildProcess.wait(pid)
        guard let elapsed else {
            throw CommandFailure("bench startup: the explorer showed no values within 60 s: "
                                 + String(decoding: output.suffix(200), as: UTF8.self).debugDescription)
        }
        return elapsed
    }

    /// Appends what `fd` has within the deadline; false at its end (the child closed the terminal) or the deadline.
    private static func read(_ fd: Int32, into output: inout [UInt8], until deadline: UInt64) -> Bool {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now < deadline else { return false }
        var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&request, 1, Int32(min(1000, (deadline - now) / 1_000_000 + 1)))
        if ready <= 0 { return ready == 0 || errno == EINTR }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }  // EIO once the child has closed the terminal
        output.append(contentsOf: buffer[..<count])
        return true
    }

    /// True when `output` holds a digit, a space and `ms`, as the header's `5.0 ms`.
    private static func hasForwardTime(_ output: [UInt8]) -> Bool {
        guard output.count >= 4 else { return false }
        for index in 0..<(output.count - 3) where output[index + 1] == 0x20 && output[index + 2] == UInt8(ascii: "m")
            && output[index + 3] == UInt8(ascii: "s") && (0x30...0x39).contains(output[index]) {
            return true
        }
        return false
    }
}

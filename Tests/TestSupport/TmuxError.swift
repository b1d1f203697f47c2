/// A failure of the tmux test harness, with what the pane showed when it happened.
public enum TmuxError: Error, CustomStringConvertible {
    /// `tmux` is not installed.
    case unavailable
    /// A tmux command failed.
    case commandFailed(arguments: [String], status: Int32, output: String)
    /// A wait ran out of time.
    case timedOut(waitingFor: String, seconds: Double, screen: String)

    public var description: String {
        switch self {
        case .unavailable:
            return "tmux is not installed"
        case .commandFailed(let arguments, let status, let output):
            return "tmux \(arguments.joined(separator: " ")) failed with status \(status): \(output)"
        case .timedOut(let what, let seconds, let screen):
            let fenced = screen.split(separator: "\n", omittingEmptySubsequences: false).map { "|\($0)" }
            return "timed out after \(seconds)s waiting for \(what); the pane shows:\n"
                + fenced.joined(separator: "\n")
        }
    }
}

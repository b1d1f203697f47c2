/// Why the curses terminal could not start.
public enum CursesError: Error, CustomStringConvertible, Equatable {
    /// Standard input or output is not a terminal (piped, redirected or run without a tty).
    case notATerminal
    /// ncurses could not set up the terminal named by `TERM` (unknown or missing terminfo entry).
    case cannotInitialize(term: String)
    /// The terminal cannot move the cursor (`TERM=dumb`, or an entry without `cup`): a full-screen UI cannot work.
    case noCursorAddressing(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            // Every command that opens the terminal (the explorer, `keys`) shows this, so it names none of them.
            return "bert-explorer needs a terminal (standard input and output must be a TTY)"
        case .cannotInitialize(let term):
            return "cannot start the terminal UI for TERM=\(term); try TERM=xterm-256color"
        case .noCursorAddressing(let term):
            return "TERM=\(term) cannot move the cursor (needed full-screen); try TERM=xterm-256color"
        }
    }
}

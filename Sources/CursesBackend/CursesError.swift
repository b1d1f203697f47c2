/// Why the curses terminal could not start.
public enum CursesError: Error, CustomStringConvertible, Equatable {
    /// Standard input or output is not a terminal (piped, redirected or run without a tty).
    case notATerminal
    /// ncurses could not set up the terminal named by `TERM` (unknown or missing terminfo entry).
    case cannotInitialize(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "the interactive explorer needs a terminal on standard input and output; "
                + "use a subcommand with --json for pipes"
        case .cannotInitialize(let term):
            return "cannot start the terminal UI for TERM=\(term); try TERM=xterm-256color"
        }
    }
}

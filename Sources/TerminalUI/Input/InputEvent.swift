/// A key press, mouse click or resize, decoded by a backend (ncurses) or scripted by a test.
public enum InputEvent: Sendable, Equatable, Hashable {
    /// A printable character (possibly non-ASCII); pasted text arrives as a run of these.
    case character(Character)
    /// Ctrl plus a letter, lowercase (`.control("c")` is Ctrl-C).
    case control(Character)
    case key(Key)
    /// A left click at a screen column and row.
    case click(x: Int, y: Int)
    case scroll(up: Bool, x: Int, y: Int)
    case resize(width: Int, height: Int)

    /// Named keys.
    public enum Key: Sendable, Equatable, Hashable {
        case left, right, up, down, home, end, pageUp, pageDown
        case backspace, delete, enter, escape, tab, backTab
        case f1
        /// Ctrl-Left / Ctrl-Right (word moves while editing).
        case controlLeft, controlRight
        /// Alt (Meta) plus a character: the terminal sends ESC then the character.
        case alt(Character)
        /// Alt-Backspace (ESC then DEL or BS).
        case altBackspace
    }
}

import CNCurses
import TerminalUI

/// Maps what `wget_wch` returns to an `InputEvent`.
///
/// Alt (Meta) arrives as ESC followed at once by the key (curses has already waited its escape delay for a
/// longer sequence); an ESC with the next key already waiting is read as Alt plus that key, so Alt-q, Alt-b,
/// Alt-f, Alt-d and Alt-Backspace never act as Escape followed by a command.
///
/// Inside a bracketed paste (between `ESC [ 200 ~` and `ESC [ 201 ~`) text is text: newlines, carriage
/// returns and tabs become spaces and other control characters are dropped, so a pasted line can never act
/// as Enter, Escape or Ctrl-C.
enum CursesKeyDecoder {
    /// A character read inside a bracketed paste.
    static func pasted(_ value: UInt32) -> InputEvent? {
        switch value {
        case 9, 10, 13: return .character(" ")
        case 0..<32, 127: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// What `wget_wch` read next: a character (`isKey` false) or a function key code.
    typealias Read = (isKey: Bool, value: UInt32)

    /// A character (`wget_wch` returned OK): control bytes become named keys or `.control`. After ESC,
    /// `following` reads what is already waiting (nil: nothing) and `putBack` returns what is not an Alt key.
    static func character(_ value: UInt32, following: () -> Read? = readWaiting,
                          putBack: (Read) -> Void = unread) -> InputEvent? {
        switch value {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27:
            guard let next = following() else { return .key(.escape) }
            if next.isKey && next.value == UInt32(KEY_BACKSPACE) { return .key(.altBackspace) }
            if !next.isKey {
                switch next.value {
                case 8, 127: return .key(.altBackspace)
                case 32..<127, 160...:
                    if let scalar = Unicode.Scalar(next.value) { return .key(.alt(Character(scalar))) }
                default: break
                }
            }
            putBack(next)
            return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(96 + value))))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// A key already waiting in curses' input queue, without waiting for one.
    static func readWaiting() -> Read? {
        let window = cn_stdscr()
        wtimeout(window, 0)
        var value: wint_t = 0
        let result = wget_wch(window, &value)
        if result == ERR { return nil }
        return (result == KEY_CODE_YES, UInt32(value))
    }

    /// Returns a key to curses' input queue.
    static func unread(_ read: Read) {
        if read.isKey { ungetch(Int32(read.value)) } else { unget_wch(wchar_t(bitPattern: read.value)) }
    }

    /// The key code ncurses gave the terminfo string capability `name`, or nil when the terminal has none.
    static func extendedKeyCode(_ name: String) -> Int32? {
        guard let sequence = CursesTerminal.capability(name) else { return nil }
        let code = key_defined(sequence)
        return code > 0 ? code : nil
    }

    /// A function key (`wget_wch` returned KEY_CODE_YES). Resize and mouse are handled by the caller.
    static func key(_ code: Int32) -> InputEvent? {
        // Ctrl-Left/Right have no fixed code: ncurses numbers terminfo's extended keys kLFT5/kRIT5 (xterm
        // `ESC [1;5D`) at start-up.
        if code == extendedKeyCode("kLFT5") { return .key(.controlLeft) }
        if code == extendedKeyCode("kRIT5") { return .key(.controlRight) }
        switch code {
        case KEY_F0 + 1: return .key(.f1)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        default: return nil
        }
    }
}

import CNCurses
import TerminalUI

/// Maps what `wget_wch` returns to an `InputEvent`.
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

    /// A character (`wget_wch` returned OK): control bytes become named keys or `.control`.
    static func character(_ value: UInt32) -> InputEvent? {
        switch value {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(96 + value))))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// A function key (`wget_wch` returned KEY_CODE_YES). Resize and mouse are handled by the caller.
    static func key(_ code: Int32) -> InputEvent? {
        switch code {
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

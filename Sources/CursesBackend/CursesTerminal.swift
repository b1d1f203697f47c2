import CNCurses
import CTerminalRestore
import Foundation
import TerminalUI

/// The terminal, through ncursesw: draws `Screen`s (only the cells that changed) and reads keys, mouse
/// and resizes as `InputEvent`s.
///
/// Not thread-safe: create, draw and read from one thread. The terminal is restored by `stop()`, on
/// deinit, at `exit`, and on termination and crash signals, which then end the process with their default
/// action (see `CTerminalRestore`: the restoration runs in the signal handler itself and only uses
/// async-signal-safe calls, so it works while the program is busy). SIGTSTP restores the terminal and stops;
/// on SIGCONT the modes are set again and `nextEvent` reports a `.resize` so the caller redraws everything.
/// In raw mode Ctrl-C is a key, `.control("c")`, not a signal.
public final class CursesTerminal {
    /// The mode views should render in: the requested one, lowered to what the terminal can show
    /// (`.none` without colour or with fewer than 256 colours; `.palette256` when 24-bit colour is asked
    /// for but the terminal has neither direct colour nor a redefinable palette).
    public let colorMode: ColorMode
    /// What was asked for (from `NO_COLOR` / `COLORTERM`).
    public let requestedColorMode: ColorMode
    /// The terminfo `colors` of this terminal (0 without colour), whatever mode was asked for.
    public let terminalColors: Int

    private let colors: CursesColors
    private var previous: Screen?
    private var repaintAll = true
    private var cursorVisible: Bool?
    private var stopped = false
    /// Mouse events read with an earlier one and not yet returned.
    private var pendingEvents: [InputEvent] = []
    /// True between the bracketed-paste start and end markers: what is read now was pasted, not typed.
    public private(set) var isPasting = false
    private let screenPointer: OpaquePointer

    /// Starts curses on the process's terminal.
    ///
    /// Throws `CursesError.notATerminal` when standard input or output is not a tty, and
    /// `.cannotInitialize` when `TERM` has no usable terminfo entry.
    public init(colorMode: ColorMode) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw CursesError.notATerminal }
        setlocale(LC_ALL, "")
        // The Screen is Unicode (box drawing, shades, CJK): without a UTF-8 character type ncurses would
        // print them as escapes, so a plain "C"/"POSIX" locale is upgraded to C.UTF-8 for LC_CTYPE.
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        var original = termios()
        let haveTermios = tcgetattr(STDIN_FILENO, &original) == 0

        // When 24-bit colour is asked for and TERM is an xterm/tmux 256-colour entry, the matching
        // "-direct" entry (if installed) describes the same terminal with direct colour.
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        var screen: OpaquePointer?
        if colorMode == .truecolor, let direct = Self.directVariant(of: term) {
            screen = direct.withCString { cn_newterm_stdio($0) }
        }
        if screen == nil { screen = cn_newterm_stdio(nil) }
        guard let screen else { throw CursesError.cannotInitialize(term: term) }
        set_term(screen)
        // Without cursor addressing (TERM=dumb) curses draws one garbled line and looks hung.
        guard Self.capability("cup") != nil else {
            endwin()
            delscreen(screen)
            throw CursesError.noCursorAddressing(term: term.isEmpty ? "(unset)" : term)
        }
        screenPointer = screen
        self.haveTermios = haveTermios
        self.original = original

        raw()
        noecho()
        nonl()
        intrflush(cn_stdscr(), false)
        keypad(cn_stdscr(), true)
        set_escdelay(25)
        mouseinterval(0)
        mousemask(cn_mouse_mask(), nil)
        curs_set(0)
        cursorVisible = false
        cn_define_paste_keys()
        Self.writeToTerminal(Self.bracketedPasteOn)

        requestedColorMode = colorMode
        var numbering = CursesColors.Numbering.none
        var pairCapacity = 0
        if colorMode != .none, has_colors() {
            start_color()
            use_default_colors()
            let count = Int(cn_colors())
            pairCapacity = Int(cn_color_pairs())
            if count >= 1 << 24 {
                numbering = .direct
            } else if count >= 256 {
                numbering = colorMode == .truecolor && Self.hasXtermPalette() ? .redefinable : .palette(colors: count)
            }
        }
        terminalColors = max(0, Int("colors".withCString { tigetnum($0) }))
        colors = CursesColors(numbering: numbering, pairCapacity: pairCapacity)
        self.colorMode = colors.effectiveMode(requested: colorMode)

        armRestoration()
    }

    private let haveTermios: Bool
    private var original: termios
    /// Palette slots covered by the armed reset string.
    private var armedSlots = 0

    /// (Re)arms the signal and exit restoration with the current reset string.
    private func armRestoration() {
        armedSlots = colors.loadedSlots.count
        let reset = Self.resetSequence() + Self.paletteReset(slots: colors.loadedSlots)
        let enter = Self.enterSequence()
        let haveTermios = haveTermios
        withUnsafePointer(to: &original) { pointer in
            reset.withUnsafeBufferPointer { resetBytes in
                enter.withUnsafeBufferPointer { enterBytes in
                    tr_arm(STDOUT_FILENO, haveTermios ? pointer : nil, resetBytes.baseAddress, resetBytes.count,
                           enterBytes.baseAddress, enterBytes.count)
                }
            }
        }
    }

    /// True when the palette can be redefined with xterm's OSC 4 (terminfo `ccc` and an `initc` of that form).
    private static func hasXtermPalette() -> Bool {
        guard can_change_color(), let initc = capability("initc") else { return false }
        return String(cString: initc).hasPrefix("\u{1B}]4;")
    }

    /// OSC 104 for just `slots` (xterm resets the listed palette entries to their configured colours).
    static func paletteReset(slots: [Int32]) -> [CChar] {
        guard !slots.isEmpty else { return [] }
        return Array(("\u{1B}]104;" + slots.map(String.init).joined(separator: ";") + "\u{1B}\\").utf8CString.dropLast())
    }

    deinit { stop() }

    /// Columns and rows of the terminal now.
    public var size: (width: Int, height: Int) {
        (Int(getmaxx(cn_stdscr())), Int(getmaxy(cn_stdscr())))
    }

    /// Draws `screen` (clipped to the terminal) and shows the cursor at `cursor`, or hides it when nil.
    /// Only cells that differ from the previous frame are sent.
    public func draw(_ screen: Screen, cursor: (x: Int, y: Int)?) {
        guard !stopped else { return }
        let window = cn_stdscr()
        if colors.overflowed {
            colors.reset()
            repaintAll = true
        }
        if previous?.width != screen.width || previous?.height != screen.height { repaintAll = true }
        if repaintAll {
            werase(window)
            clearok(window, true)
        }
        let (columns, rows) = size
        let old = repaintAll ? nil : previous
        var cell = cchar_t()
        var text = [wchar_t](repeating: 0, count: Int(CCHARW_MAX) + 1)
        for y in 0..<min(rows, screen.height) {
            for x in 0..<min(columns, screen.width) {
                let current = screen[x, y]
                if current.isContinuation { continue }
                let wide = x + 1 < screen.width && screen[x + 1, y].isContinuation
                if let old, old[x, y] == current, !wide || old[x + 1, y] == screen[x + 1, y] { continue }
                if wide && x + 1 >= columns { continue }
                let pair = colors.pair(foreground: current.foreground, background: current.background)
                for (offset, glyph) in Self.cursesCells(current.glyph, wide: wide).enumerated() {
                    // setcchar refuses a second spacing character: then the first alone, never a stale cell.
                    for candidate in [glyph, glyph.unicodeScalars.first.map { String($0) } ?? " ", " "] {
                        Self.fill(&text, with: candidate)
                        if cn_setcchar(&cell, text, Self.attributes(current.style), pair) == OK { break }
                    }
                    // Writing the bottom-right cell returns ERR (the cursor cannot advance) but still draws it.
                    _ = mvwadd_wch(window, Int32(y), Int32(x + offset), &cell)
                }
            }
        }
        previous = screen
        repaintAll = false
        setCursor(cursor, columns: columns, rows: rows)
        let clusters = overlayItems(screen, columns: columns, rows: rows)
        for row in overlay.changedRows(clusters) { wredrawln(window, Int32(row), 1) }
        wnoutrefresh(window)
        // New palette colours reach the terminal before the cells that use them (ncurses buffers until doupdate).
        let definitions = colors.takeDefinitions()
        if !definitions.isEmpty { Self.writeToTerminal(definitions) }
        doupdate()
        if colors.loadedSlots.count != armedSlots { armRestoration() }
        if !overlay.write(clusters) {
            // The terminal drew a cluster wider than laid out: repaint over the damage, with placeholders.
            repaintAll = true
            draw(screen, cursor: cursor)
        }
    }

    private let overlay = ClusterOverlay()

    /// The clusters of `screen` that ncurses draws as placeholders (`cursesCells`), to write over them.
    private func overlayItems(_ screen: Screen, columns: Int, rows: Int) -> [ClusterOverlay.Item] {
        var items: [ClusterOverlay.Item] = []
        for y in 0..<min(rows, screen.height) {
            for x in 0..<max(0, min(columns, screen.width) - 1) where screen[x + 1, y].isContinuation {
                let cell = screen[x, y]
                guard ClusterOverlay.needsOverlay(cell.glyph) else { continue }
                items.append(ClusterOverlay.Item(x: x, y: y, glyph: cell.glyph,
                                                 pair: colors.pair(foreground: cell.foreground, background: cell.background),
                                                 style: cell.style))
            }
        }
        return items
    }

    /// Waits up to `timeoutMilliseconds` (negative: forever, 0: just poll) for a key, click, wheel or
    /// resize. Returns nil on timeout (or when reading fails). Keys that have no `InputEvent` are skipped.
    public func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        guard !stopped else { return nil }
        let window = cn_stdscr()
        let deadline = timeoutMilliseconds >= 0
            ? DispatchTime.now().uptimeNanoseconds + UInt64(timeoutMilliseconds) * 1_000_000 : nil
        if !pendingEvents.isEmpty { return pendingEvents.removeFirst() }
        while true {
            if tr_take_resumed() != 0 { return resumed() }
            var wait = Int32(-1)
            if let deadline {
                let now = DispatchTime.now().uptimeNanoseconds
                wait = now >= deadline ? 0 : Int32(min(Int(Int32.max), Int((deadline - now) / 1_000_000)))
            }
            wtimeout(window, wait)
            var value: wint_t = 0
            let result = wget_wch(window, &value)
            if result == ERR { return nil }
            let event: InputEvent?
            if result == KEY_CODE_YES {
                let code = Int32(value)
                if code == cn_key_paste_begin() || code == cn_key_paste_end() {
                    isPasting = code == cn_key_paste_begin()
                    continue
                } else if isPasting && (code == KEY_ENTER || code == KEY_BTAB) {
                    event = .character(" ")
                } else {
                    event = decodeKey(code)
                }
            } else {
                event = isPasting ? CursesKeyDecoder.pasted(UInt32(value)) : CursesKeyDecoder.character(UInt32(value))
            }
            if let event { return event }
            if wait == 0 { return nil }
        }
    }

    /// Ends curses and restores the terminal. Safe to call more than once.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        curs_set(1)
        endwin()
        Self.writeToTerminal(Self.bracketedPasteOff)
        Self.writeToTerminal(String(decoding: Self.paletteReset(slots: colors.loadedSlots).map { UInt8(bitPattern: $0) },
                                    as: UTF8.self))
        delscreen(screenPointer)
        tr_disarm()
    }

    /// After SIGCONT: the signal handler has set the modes again; repaint everything (the palette too, which
    /// the suspension reset) at the size the terminal has now.
    private func resumed() -> InputEvent {
        colors.reloadSlots()
        repaintAll = true
        cursorVisible = nil
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0,
           Int(size.ws_col) != self.size.width || Int(size.ws_row) != self.size.height {
            resizeterm(Int32(size.ws_row), Int32(size.ws_col))  // also queues a KEY_RESIZE: one more redraw
        }
        let (width, height) = self.size
        return .resize(width: width, height: height)
    }

    /// xterm's bracketed paste: the terminal wraps pasted text in `ESC [ 200 ~` ... `ESC [ 201 ~`.
    private static let bracketedPasteOn = "\u{1B}[?2004h"
    private static let bracketedPasteOff = "\u{1B}[?2004l"

    static func writeToTerminal(_ text: String) {
        var bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress! + written, $0.count - written) }
            if n <= 0 { break }
            written += n
        }
    }

    private func decodeKey(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_RESIZE:
            repaintAll = true
            let (width, height) = size
            return .resize(width: width, height: height)
        case KEY_MOUSE:
            // Reports that arrived together (a busy program, a fast wheel) are parsed by ncurses as one run and
            // queued; getmouse hands them out newest first. Take them all, so none waits for (or is lost before)
            // the next KEY_MOUSE, and report them oldest first.
            var events: [InputEvent] = []
            var event = MEVENT()
            while getmouse(&event) == OK {
                let x = Int(event.x), y = Int(event.y)
                if cn_mouse_is_wheel_up(event.bstate) != 0 { events.append(.scroll(up: true, x: x, y: y)) }
                else if cn_mouse_is_wheel_down(event.bstate) != 0 { events.append(.scroll(up: false, x: x, y: y)) }
                else if cn_mouse_is_click(event.bstate) != 0 { events.append(.click(x: x, y: y)) }
            }
            pendingEvents.append(contentsOf: events.reversed())
            return pendingEvents.isEmpty ? nil : pendingEvents.removeFirst()
        default:
            return CursesKeyDecoder.key(code)
        }
    }

    private func setCursor(_ cursor: (x: Int, y: Int)?, columns: Int, rows: Int) {
        if let cursor, cursor.x >= 0, cursor.y >= 0, cursor.x < columns, cursor.y < rows {
            wmove(cn_stdscr(), Int32(cursor.y), Int32(cursor.x))
            if cursorVisible != true { curs_set(1) }
            cursorVisible = true
        } else {
            if cursorVisible != false { curs_set(0) }
            cursorVisible = false
        }
    }

    /// What to draw for a cluster, one string per column written. An ncurses cell holds one spacing character
    /// and its non-spacing marks, so a cluster of several (a flag, a ZWJ sequence) cannot be one cell: a flag is
    /// drawn as its two letters (`🇫🇷` as `FR`) and a ZWJ sequence as its first emoji, keeping the columns right.
    static func cursesCells(_ glyph: String, wide: Bool) -> [String] {
        let scalars = Array(glyph.unicodeScalars)
        let letters = scalars.compactMap { scalar in
            (0x1F1E6...0x1F1FF).contains(scalar.value) ? Unicode.Scalar(0x41 + scalar.value - 0x1F1E6) : nil
        }
        if wide, scalars.count == 2, letters.count == 2 { return letters.map { String($0) } }
        if let joiner = scalars.firstIndex(of: "\u{200D}") { return [String(String.UnicodeScalarView(scalars[..<joiner]))] }
        return [glyph]
    }

    /// A glyph as the NUL-terminated wide string `setcchar` takes: control characters become spaces,
    /// an empty glyph a space, at most CCHARW_MAX characters (a base and its combining marks).
    private static func fill(_ buffer: inout [wchar_t], with glyph: String) {
        var count = 0
        for scalar in glyph.unicodeScalars where count < buffer.count - 1 {
            buffer[count] = scalar.value < 32 || (scalar.value >= 0x7F && scalar.value < 0xA0)
                ? 32 : wchar_t(bitPattern: scalar.value)
            count += 1
        }
        if count == 0 {
            buffer[0] = 32
            count = 1
        }
        buffer[count] = 0
    }

    private static func attributes(_ style: CellStyle) -> attr_t {
        var attributes = cn_a_normal()
        if style.contains(.bold) { attributes |= cn_a_bold() }
        if style.contains(.dim) { attributes |= cn_a_dim() }
        if style.contains(.underline) { attributes |= cn_a_underline() }
        if style.contains(.reverse) { attributes |= cn_a_reverse() }
        return attributes
    }

    /// The terminfo entry with direct colour for a 256-colour xterm/tmux/... `TERM` (newterm fails, and
    /// the caller falls back to `TERM`, when it is not installed).
    private static func directVariant(of term: String) -> String? {
        let families = ["xterm", "tmux", "screen", "alacritty", "kitty", "foot", "wezterm", "iterm2", "konsole",
                        "vte", "st"]
        let base = term.hasSuffix("-256color") ? String(term.dropLast("-256color".count)) : term
        guard families.contains(base) else { return nil }
        let candidate = base + "-direct"
        return candidate
    }

    /// What undoes curses' terminal modes, for the signal and exit path: CAN, the terminfo strings for
    /// leaving keypad-transmit and the alternate screen, showing the cursor and plain attributes,
    /// plus xterm mouse modes and bracketed paste off.
    private static func resetSequence() -> [CChar] {
        // CAN first: a signal can arrive in the middle of an escape sequence curses was writing, and CAN
        // makes the terminal drop that sequence instead of reading the reset as part of it.
        let bytes = "\u{18}" + capabilities(["rmkx", "sgr0", "cnorm", "rmcup"])
            + "\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l" + bracketedPasteOff
        return Array(bytes.utf8CString.dropLast())
    }

    /// What sets the modes again after a suspension: the alternate screen, keypad-transmit, mouse reporting
    /// (SGR when the terminal describes it) and bracketed paste.
    private static func enterSequence() -> [CChar] {
        let sgrMouse = capability("XM").map { String(cString: $0).contains("1006") } ?? false
        let bytes = capabilities(["smcup", "smkx"]) + "\u{1B}[?1000h" + (sgrMouse ? "\u{1B}[?1006h" : "") + bracketedPasteOn
        return Array(bytes.utf8CString.dropLast())
    }

    /// The terminfo strings `names` (those the terminal has), without padding.
    static func capabilities(_ names: [String]) -> String {
        names.compactMap { capability($0).map { withoutPadding(String(cString: $0)) } }.joined()
    }

    /// The terminfo string `name` as terminfo holds it (for `tiparm`), nil when the terminal lacks it.
    static func capability(_ name: String) -> UnsafeMutablePointer<CChar>? {
        guard let value = name.withCString({ tigetstr($0) }), Int(bitPattern: value) != -1 else { return nil }
        return value
    }

    /// Drops terminfo padding specifications (`$<5>`), which are not meant to be sent.
    private static func withoutPadding(_ capability: String) -> String {
        var result = ""
        var rest = Substring(capability)
        while let start = rest.range(of: "$<") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: ">") else { return result }
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }
}

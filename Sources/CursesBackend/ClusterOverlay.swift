import CNCurses
import Foundation
import TerminalUI

/// Grapheme clusters an ncurses cell cannot hold, written straight to the terminal after each frame.
///
/// A cell holds one spacing character and its non-spacing marks (`setcchar` stops at the second spacing
/// character), so a flag (two regional indicators), a ZWJ sequence (`👨‍👩‍👧`) or an emoji with a skin-tone modifier
/// cannot be one cell. ncurses draws a placeholder of the same width (`FR`, `👨`); then each such cluster is
/// written over it with its colours: save the cursor and attributes (`sc`), move there, set the colours, the
/// cluster's UTF-8, restore (`rc`), so ncurses' idea of the cursor and attributes stays true.
///
/// Only where the terminal draws the cluster in two columns, as the screen laid it out: the first time a cluster is
/// written, the cursor position is asked (`ESC [ 6 n`) and compared. A cluster the terminal draws wider (a ZWJ
/// family as three emoji, six columns) keeps its placeholder and the screen is repainted; a terminal that does not
/// answer gets placeholders only.
final class ClusterOverlay {
    /// One cluster to write: where, what, how.
    struct Item: Equatable {
        var x: Int
        var y: Int
        var glyph: String
        var pair: Int32
        var style: CellStyle
    }

    /// Whether the terminal draws a cluster in two columns, by cluster (terminals differ by kind: tmux 3.3 joins a
    /// ZWJ family but draws a skin-tone modifier as a second emoji).
    private var fits: [String: Bool] = [:]
    /// False once the terminal did not answer a cursor position request: nothing is written after that.
    private var answers = true
    /// What the last frame wrote.
    private var written: [Item] = []

    /// True when `glyph`, drawn in two columns, has a spacing character after its first (an ncurses cell cannot
    /// hold it) and nothing a terminal would act on.
    static func needsOverlay(_ glyph: String) -> Bool {
        let scalars = glyph.unicodeScalars
        guard scalars.count > 1, scalars.allSatisfy({ $0.value >= 0xA0 || (0x20..<0x7F).contains($0.value) }) else {
            return false
        }
        return scalars.dropFirst().contains { cn_wcwidth(wchar_t(bitPattern: $0.value)) > 0 }
    }

    /// Rows whose written clusters differ from the last frame's: ncurses does not know what is really on them, so
    /// they must be repainted in full before the new clusters are written.
    func changedRows(_ items: [Item]) -> Set<Int> {
        Set(written.map(\.y)).filter { row in written.filter { $0.y == row } != items.filter { $0.y == row } }
    }

    /// Writes `items` (after ncurses has drawn the frame and flushed). Returns false when a probe found that the
    /// terminal does not draw them as laid out: the caller repaints everything, and they are not written again.
    func write(_ items: [Item]) -> Bool {
        written = []
        guard !items.isEmpty, let save = CursesTerminal.capabilities(["sc"]).nonEmpty,
              let restore = CursesTerminal.capabilities(["rc"]).nonEmpty, let cup = CursesTerminal.capability("cup")
        else { return true }
        for item in items where answers {
            let known = fits[item.glyph]
            if known == false || (known == nil && fits.count >= 1000) { continue }
            var bytes = save
            if let move = cn_tiparm2(cup, Int32(item.y), Int32(item.x)) { bytes += String(cString: move) }
            bytes += attributes(pair: item.pair, style: item.style) + item.glyph
            if known == nil {
                let column = Self.probe(bytes, then: restore)
                answers = column != nil
                fits[item.glyph] = column == item.x + 2
                if column != item.x + 2 { return false }
            } else {
                CursesTerminal.writeToTerminal(bytes + restore)
            }
            written.append(item)
        }
        return true
    }

    /// Colours of colour pair `pair` and `style`'s attributes, from terminfo (default colours through `op`).
    private func attributes(pair: Int32, style: CellStyle) -> String {
        var names = ["sgr0"]
        if style.contains(.bold) { names.append("bold") }
        if style.contains(.dim) { names.append("dim") }
        if style.contains(.underline) { names.append("smul") }
        if style.contains(.reverse) { names.append("rev") }
        var foreground: Int32 = -1, background: Int32 = -1
        if pair > 0 { _ = extended_pair_content(pair, &foreground, &background) }
        if foreground < 0 || background < 0 { names.append("op") }
        var text = CursesTerminal.capabilities(names)
        for (name, color) in [("setaf", foreground), ("setab", background)] where color >= 0 {
            if let capability = CursesTerminal.capability(name), let value = cn_tiparm1(capability, color) {
                text += String(cString: value)
            }
        }
        return text
    }

    /// Writes `bytes` (which end with a cluster), asks where the cursor is, restores, and returns the cursor's
    /// 0-based column then (nil without an answer within half a second). Keys typed meanwhile go back to ncurses.
    private static func probe(_ bytes: String, then restore: String) -> Int? {
        CursesTerminal.writeToTerminal(bytes + "\u{1B}[6n" + restore)
        var received: [UInt8] = []
        var column: Int?
        let deadline = DispatchTime.now().uptimeNanoseconds + 500_000_000
        while column == nil {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { break }
            var request = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, Int32((deadline - now) / 1_000_000 + 1)) > 0 else { continue }
            var byte: UInt8 = 0
            guard read(STDIN_FILENO, &byte, 1) == 1 else { break }
            received.append(byte)
            column = cursorColumn(in: &received)
        }
        // What was not the report goes back, last byte first (ungetch pushes onto the front).
        for byte in received.reversed() { ungetch(Int32(byte)) }
        return column.map { $0 - 1 }
    }

    /// If `received` ends with a cursor position report `ESC [ row ; column R`, removes it and returns the column.
    static func cursorColumn(in received: inout [UInt8]) -> Int? {
        guard received.last == UInt8(ascii: "R"), let escape = received.lastIndex(of: 0x1B),
              received.count - escape >= 6, received[escape + 1] == UInt8(ascii: "[") else { return nil }
        let body = received[(escape + 2)..<(received.count - 1)]
        let parts = body.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
        guard parts.count == 2, let row = Int(String(decoding: parts[0], as: UTF8.self)), row > 0,
              let column = Int(String(decoding: parts[1], as: UTF8.self)) else { return nil }
        received.removeSubrange(escape...)
        return column
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

import CNCurses
import TerminalUI

/// Turns `TerminalColor` pairs into ncurses colour pairs, allocated on demand and cached.
///
/// Colour numbers depend on what the terminal offers:
/// - direct colour (`COLORS` = 2^24, e.g. `TERM=xterm-direct`): the number is 0xRRGGBB;
/// - a redefinable palette (`can_change_color`, 256 colours) in `.truecolor`: exact colours are loaded
///   into slots 16-255 with xterm's OSC 4, written by the caller (`takeDefinitions`), not through
///   `init_extended_color`: ncurses would then reset the user's whole palette at exit (`oc`), where the caller
///   resets only the loaded slots (OSC 104 with their numbers);
/// - otherwise the xterm palette: RGB becomes the nearest index in 16-255.
/// Pairs go through `init_extended_pair`, so more than 255 of them work.
final class CursesColors {
    enum Numbering: Equatable {
        case none
        case palette(colors: Int)
        case direct
        case redefinable
    }

    let numbering: Numbering
    private var pairs: [Key: Int32] = [:]
    private let pairCapacity: Int
    private var slots: [RGBColor: Int32] = [:]
    private var nearestCache: [RGBColor: Int32] = [:]
    /// Set when a frame needed more pairs than were free: the next frame starts afresh. (Palette slots
    /// do not reset: once all 240 are loaded, further colours take the closest loaded one, which keeps
    /// frames from flashing through full repaints.)
    private(set) var overflowed = false

    private struct Key: Hashable {
        let foreground: Int32
        let background: Int32
    }

    init(numbering: Numbering, pairCapacity: Int) {
        self.numbering = numbering
        self.pairCapacity = max(0, pairCapacity - 1)
    }

    /// The colour mode a view should render in, given what was asked for and this numbering.
    func effectiveMode(requested: ColorMode) -> ColorMode {
        switch numbering {
        case .none: return .none
        case .palette: return requested == .none ? .none : .palette256
        case .direct, .redefinable: return requested
        }
    }

    /// Palette slots loaded so far, in order.
    var loadedSlots: [Int32] { slots.values.sorted() }
    /// OSC 4 sequences for slots loaded since the last `takeDefinitions`.
    private var definitions = ""

    /// The palette definitions to send before the next frame.
    func takeDefinitions() -> String {
        defer { definitions = "" }
        return definitions
    }

    /// Loads every slot again (after the terminal reset them, on resuming from a suspension).
    func reloadSlots() {
        for (color, slot) in slots { load(color, into: slot) }
    }

    /// Forgets every pair (the caller repaints the whole screen).
    func reset() {
        pairs.removeAll()
        overflowed = false
    }

    /// The pair number for a foreground/background combination (0 is the terminal's defaults).
    func pair(foreground: TerminalColor, background: TerminalColor) -> Int32 {
        if numbering == .none { return 0 }
        let key = Key(foreground: number(for: foreground), background: number(for: background))
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let pair = pairs[key] { return pair }
        guard pairs.count < pairCapacity else {
            overflowed = true
            return 0
        }
        let pair = Int32(pairs.count + 1)
        init_extended_pair(pair, key.foreground, key.background)
        pairs[key] = pair
        return pair
    }

    /// The ncurses colour number for a colour (-1 is the terminal default).
    private func number(for color: TerminalColor) -> Int32 {
        switch (color, numbering) {
        case (.default, _), (_, .none):
            return -1
        case (.indexed(let i), .palette(let colors)):
            return Int(i) < colors ? Int32(i) : -1
        case (.rgb(let r, let g, let b), .palette(let colors)):
            let index = nearest(RGBColor(r, g, b))
            return Int(index) < colors ? index : -1
        case (.indexed(let i), .direct):
            // xterm-direct sends numbers below 8 as the themed ANSI colours.
            return i < 8 ? Int32(i) : direct(XtermPalette.rgb(of: i))
        case (.rgb(let r, let g, let b), .direct):
            return direct(RGBColor(r, g, b))
        case (.indexed(let i), .redefinable):
            return i < 16 ? Int32(i) : slot(for: XtermPalette.rgb(of: i))
        case (.rgb(let r, let g, let b), .redefinable):
            return slot(for: RGBColor(r, g, b))
        }
    }

    private func direct(_ c: RGBColor) -> Int32 {
        max(8, Int32(c.red) << 16 | Int32(c.green) << 8 | Int32(c.blue))
    }

    private func nearest(_ color: RGBColor) -> Int32 {
        if let index = nearestCache[color] { return index }
        let index = Int32(XtermPalette.nearestIndex(to: color))
        nearestCache[color] = index
        return index
    }

    /// A palette slot (16-255) loaded with exactly `color`; when all are taken, the closest loaded one.
    private func slot(for color: RGBColor) -> Int32 {
        if let slot = slots[color] { return slot }
        guard slots.count < 240 else {
            return slots.min { $0.key.distanceSquared(to: color) < $1.key.distanceSquared(to: color) }!.value
        }
        let slot = Int32(16 + slots.count)
        load(color, into: slot)
        slots[color] = slot
        return slot
    }

    private func load(_ color: RGBColor, into slot: Int32) {
        func hex(_ v: UInt8) -> String { (v < 16 ? "0" : "") + String(v, radix: 16) }
        definitions += "\u{1B}]4;\(slot);rgb:\(hex(color.red))/\(hex(color.green))/\(hex(color.blue))\u{1B}\\"
    }
}

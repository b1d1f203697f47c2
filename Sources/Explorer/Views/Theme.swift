import TerminalUI

/// Accent colours for text (chosen from the 256-colour cube, never the user-themed 0-15), or none.
struct Theme: Sendable {
    let mode: ColorMode

    private func pick(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ index: UInt8) -> TerminalColor {
        switch mode {
        case .none: return .default
        case .palette256: return .indexed(index)
        case .truecolor: return .rgb(r, g, b)
        }
    }

    var special: TerminalColor { pick(215, 135, 255, 177) }
    var unknown: TerminalColor { pick(255, 95, 95, 203) }
    var segmentA: TerminalColor { pick(95, 215, 255, 81) }
    var segmentB: TerminalColor { pick(255, 215, 95, 221) }
    var accent: TerminalColor { pick(135, 215, 135, 114) }
    var muted: TerminalColor { pick(138, 138, 138, 245) }
    var barBackground: TerminalColor { pick(48, 48, 48, 236) }
    var barForeground: TerminalColor { pick(238, 238, 238, 255) }

    func segment(_ s: Int) -> TerminalColor { s == 0 ? segmentA : segmentB }
}

/// How many colours the terminal may use: chosen from `NO_COLOR` and `COLORTERM`.
public enum ColorMode: Sendable, Equatable {
    /// `NO_COLOR` is set: no colour at all; heatmaps use shade glyphs and numbers.
    case none
    /// The xterm 256-colour cube and grey ramp (indices 16-255; 0-15 are left to the user's theme).
    case palette256
    /// `COLORTERM` is `truecolor` or `24bit`.
    case truecolor

    /// The mode the environment asks for.
    public static func from(environment: [String: String]) -> ColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        switch environment["COLORTERM"]?.lowercased() {
        case "truecolor", "24bit": return .truecolor
        default: return .palette256
        }
    }
}

/// A terminal colour: the terminal's default, an xterm palette index, or 24-bit RGB.
public enum TerminalColor: Sendable, Equatable, Hashable {
    case `default`
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)
}

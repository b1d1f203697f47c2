import TerminalUI

/// One drawn frame: the screen, where the terminal cursor goes (nil hides it) and the clickable regions.
public struct ExplorerFrame: Sendable {
    public var screen: Screen
    public var cursor: (x: Int, y: Int)?
    public var hitRegions: HitRegions
}

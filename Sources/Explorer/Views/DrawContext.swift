import TerminalUI

/// What every view reads while drawing, and what it writes: the screen and the clickable regions.
struct DrawContext {
    let state: ExplorerState
    let palette: HeatPalette
    let theme: Theme
    var screen: Screen
    var regions = HitRegions()

    init(state: ExplorerState, colorMode: ColorMode) {
        self.state = state
        palette = HeatPalette(mode: colorMode)
        theme = Theme(mode: colorMode)
        screen = Screen(width: state.width, height: state.height)
    }

    /// The style that marks a selected or focused item: reverse video (visible with or without colour).
    static let highlight: CellStyle = [.reverse, .bold]
}

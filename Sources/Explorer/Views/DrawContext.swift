import TerminalUI

/// What every view reads while drawing, and what it writes: the screen and the clickable regions.
struct DrawContext {
    let state: ExplorerState
    let palette: HeatPalette
    let theme: Theme
    /// Matrices computed once per result and settings (see `DerivedMatrices`).
    let derived: DerivedMatrices
    var screen: Screen
    var regions = HitRegions()

    init(state: ExplorerState, colorMode: ColorMode, derived: DerivedMatrices) {
        self.state = state
        palette = HeatPalette(mode: colorMode)
        theme = Theme(mode: colorMode)
        self.derived = derived
        screen = Screen(width: state.width, height: state.height)
    }

    /// The style that marks a selected or focused item: reverse video (visible with or without colour).
    static let highlight: CellStyle = [.reverse, .bold]
}

import TerminalUI

/// Draws an `ExplorerState` into a `Screen`: header, input line, token strip, view tabs, the current view,
/// status bar, and the help overlay on top. Pure: the same state gives the same frame.
public struct ExplorerRenderer: Sendable {
    public let colorMode: ColorMode
    /// Derived matrices of the last result, shared by the frames that show it.
    let derived = DerivedMatrices()

    /// Below this size only a "terminal too small" message is drawn.
    public static let minimumWidth = 60
    public static let minimumHeight = 16

    /// How many derived matrices this renderer has computed (frames that show the same result and settings
    /// compute none); for tests and `bench explorer`.
    public var derivedComputations: Int { derived.computations }

    /// Computes what frames of `result` in `state` will need, off the UI thread (the views' `prepare`): the view
    /// on screen when `current`, else every other view. For `bench explorer`; the session does it through
    /// `EncoderScheduler`.
    public func prepare(_ result: ForwardPass, for state: ExplorerState, current: Bool) {
        derived.remember(state)
        derived.prepare(result, current: current)
    }

    public init(colorMode: ColorMode) {
        self.colorMode = colorMode
    }

    public func render(_ state: ExplorerState) -> ExplorerFrame {
        var c = DrawContext(state: state, colorMode: colorMode, derived: derived)
        let w = state.width, h = state.height
        if w < ExplorerRenderer.minimumWidth || h < ExplorerRenderer.minimumHeight {
            let short = "need \(ExplorerRenderer.minimumWidth)×\(ExplorerRenderer.minimumHeight), have \(w)×\(h) · q quits"
            var lines = TextFit.wrap("Terminal too small: " + short, width: w)
            if lines.count > h { lines = TextFit.wrap(short, width: w) }
            let top = max(0, (h - lines.count) / 2)
            for (i, line) in lines.prefix(h).enumerated() {
                c.screen.put(line, x: max(0, (w - DisplayWidth.of(line)) / 2), y: top + i)
            }
            return ExplorerFrame(screen: c.screen, cursor: nil, hitRegions: HitRegions())
        }
        HeaderView.draw(&c, row: 0)
        let cursor = InputLineView.draw(&c, row: 1)
        TokenStripView.draw(&c, rect: Rect(x: 0, y: 2, width: w, height: TokenStripView.rows))
        HeadStripView.draw(&c, row: 2 + TokenStripView.rows)
        TaskHeadStripView.draw(&c, row: 2 + TokenStripView.rows + HeadStripView.rows(state))
        let body = Self.body(state)
        TabBarView.draw(&c, row: body.y - 1)
        drawBody(&c, rect: body)
        StatusBarView.draw(&c, row: h - 1)
        if state.showHelp { HelpOverlay.draw(&c) }
        return ExplorerFrame(screen: c.screen, cursor: state.showHelp ? nil : cursor, hitRegions: c.regions)
    }

    /// Where the current view draws: below the header, input line, strips and tabs, above the status bar (what
    /// a view's `prepare` sizes its work for).
    static func body(_ state: ExplorerState) -> Rect {
        let strip = TokenStripView.rows + HeadStripView.rows(state) + TaskHeadStripView.rows(state)
        return Rect(x: 0, y: 3 + strip, width: state.width, height: state.height - 4 - strip)
    }

    private func drawBody(_ c: inout DrawContext, rect: Rect) {
        let s = c.state
        guard let result = s.result, !result.encoding.tokens.isEmpty else {
            let message = s.encoding.tokens.isEmpty ? "Type a sentence to see inside the encoder."
                : (s.computing ? "Running the encoder…" : "No encoder output yet.")
            c.screen.put(message, x: rect.x + 2, y: rect.y + 1, foreground: c.theme.muted)
            return
        }
        ViewRegistry.view(s.view).draw(&c, rect: rect, result: result)
    }
}

/// One view of the explorer: its id and title, its own keys and settings, and how it draws a result.
///
/// Adding a view takes one file and one line:
/// 1. `Views/<Name>View.swift`: a type conforming to `ExplorerView`, with its `ViewID` constant
///    (`extension ViewID { public static let name = ViewID("name") }`), any settings as `ViewStateKey`
///    constants (read and written through `state.views[key]`), and its keys as `KeyBinding(.view(id), ...)`.
/// 2. An instance appended to `ViewRegistry.views`.
/// Tabs, digit keys, `v`/`V`, mouse clicks on the tab, help, the status bar and README's key table (checked by
/// `KeymapTests`) follow from the registry. Expensive matrices go through `c.derived` so they are computed
/// once per result and settings, not on every frame.
protocol ExplorerView: Sendable {
    var id: ViewID { get }
    /// The tab's name (`Attention`); help and the key table use it too.
    var title: String { get }
    /// Keys only this view handles while exploring; they take precedence over the global keymap.
    var keys: [KeyBinding] { get }
    /// Whether `x` blanks special tokens here (then selection skips them).
    var hidesSpecialTokens: Bool { get }
    /// Whether the view honours the attention modes (`n` norms, `m` words; see `AttentionModes`).
    var mergesWords: Bool { get }
    /// Draws the view for a finished forward pass into `rect`.
    func draw(_ c: inout DrawContext, rect: Rect, result: ForwardPass)
    /// Computes, off the UI thread with the encoder result, what the first frame in `state` would otherwise
    /// compute while drawing (see `DerivedMatrices.prepare`).
    func prepare(_ derived: DerivedMatrices, state: ExplorerState, result: ForwardPass)
}

extension ExplorerView {
    var mergesWords: Bool { false }
    func prepare(_ derived: DerivedMatrices, state: ExplorerState, result: ForwardPass) {}
}

import Analysis
import WordPiece

/// Everything the explorer shows, as one value. `ExplorerReducer` changes it; the views draw it.
public struct ExplorerState: Sendable {
    public var model: ModelShape
    public var input: InputLine
    /// The tokens of the current input, updated on every keystroke.
    public var encoding: Encoding
    public var mode: ExplorerMode = .editing
    /// Index into `encoding.tokens`: the query row, the token of the token view.
    public var selectedToken = 0
    /// The key column focused in the heatmap.
    public var focusKey = 0
    /// 0-based layer index (shown as layer + 1).
    public var layer = 0
    /// A head index, or nil for all heads aggregated.
    public var head: Int?
    public var aggregation: HeadAggregation = .mean
    /// The view on screen (one of `ViewRegistry.ids`).
    public var view: ViewID = .attention
    /// Settings that belong to one view (rollout, direction, ...), keyed by the view's `ViewStateKey`s.
    public var views = ViewStates()
    public var scale: ValueScale = .linear
    /// Hide `[CLS]`/`[SEP]` rows and columns and renormalise the rest (in the views that show attention).
    public var hideSpecial = false
    /// The `/` or `:` prompt being typed, if any (it takes every key until Enter or Esc).
    public var prompt: TokenPrompt?
    public var showHelp = false
    /// First line of the help overlay shown (it scrolls on small terminals).
    public var helpScroll = 0
    public var shouldQuit = false
    public var width: Int
    public var height: Int
    /// The newest finished forward pass (possibly for older tokens while a new one runs).
    public var result: ForwardPass?
    /// The tokens last handed to the encoder (the reducer compares them to decide on an effect).
    public var requested: Encoding?
    /// True while a forward pass for the current tokens is outstanding.
    public var computing = false
    public var errorMessage: String?
    /// A one-line note for the last key (why it did nothing, what it changed); cleared by the next key.
    public var statusMessage: String?
    /// Clickable regions of the last drawn frame.
    public var hitRegions = HitRegions()
    /// The checkpoint's task heads (masked LM, classifiers, discriminator), if it has any.
    public var heads: ExplorerHeads?
    /// Heads trained by `train` (`--head DIR`, in order), and which one the head row shows (`T` cycles).
    public var taskHeads: [TaskHead] = []
    public var shownTaskHead = 0
    /// `shownTaskHead` within `taskHeads`, nil without any (what the head row and attribution read).
    var shownTaskHeadIndex: Int? { taskHeads.isEmpty ? nil : min(max(0, shownTaskHead), taskHeads.count - 1) }
    /// Background work that follows the shown pass (selected token's masked-LM top-k, occlusion attribution).
    public var followUps = FollowUps()

    public init(model: ModelShape, input: InputLine = InputLine(), encoding: Encoding = Encoding(tokens: [], truncated: false),
                width: Int = 80, height: Int = 24) {
        self.model = model
        self.input = input
        self.encoding = encoding
        self.width = width
        self.height = height
    }

    /// The tokens the encoder views describe: always the result's, so a stale result keeps showing (with
    /// its own tokens) until the new one lands.
    public var shownTokens: [Token] { result?.encoding.tokens ?? [] }

    /// True when the result was computed for exactly the current tokens (same ids and segments).
    public var resultIsCurrent: Bool {
        guard let result else { return false }
        return result.encoding.ids == encoding.ids && result.encoding.segments == encoding.segments
    }

    /// Keeps every index in range after the tokens, the model or the result changed.
    public mutating func clamp() {
        let count = max(encoding.tokens.count, shownTokens.count)
        selectedToken = min(max(0, selectedToken), max(0, count - 1))
        focusKey = min(max(0, focusKey), max(0, count - 1))
        layer = min(max(0, layer), max(0, model.layers - 1))
        if let h = head, h < 0 || h >= model.heads { head = nil }
        if !ViewRegistry.ids.contains(view) { view = ViewRegistry.ids[0] }
    }
}

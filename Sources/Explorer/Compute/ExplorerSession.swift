import TerminalUI
import WordPiece

/// Drives the explorer: applies events through the reducer, asks the scheduler for a forward pass whenever
/// the tokens change, takes finished results, and renders frames. No terminal I/O, so tests run it with
/// in-memory tokenizer and encoder doubles; the command feeds it real events and draws its frames.
public final class ExplorerSession {
    public private(set) var state: ExplorerState
    public let reducer: ExplorerReducer
    public let renderer: ExplorerRenderer
    private let scheduler: EncoderScheduler
    private var requested: Encoding?

    public init(tokenizer: any SentenceTokenizing, encoder: any SentenceEncoding, colorMode: ColorMode,
                text: String = "", width: Int = 80, height: Int = 24) {
        reducer = ExplorerReducer(tokenizer: tokenizer, maxLength: encoder.shape.maxPositions)
        renderer = ExplorerRenderer(colorMode: colorMode)
        scheduler = EncoderScheduler(encoder: encoder)
        state = reducer.initialState(model: encoder.shape, text: text, width: width, height: height)
        scheduleIfNeeded()
    }

    /// Applies one event; schedules the encoder if the tokens changed.
    public func handle(_ event: InputEvent) {
        state = reducer.reduce(state, event)
        scheduleIfNeeded()
    }

    /// Applies a batch of events (all that were queued before the next frame), tokenizing once.
    public func handle(_ events: [InputEvent]) {
        guard !events.isEmpty else { return }
        state = reducer.reduce(state, events)
        scheduleIfNeeded()
    }

    /// Inserts pasted text as text (never as key commands), tokenizing once.
    public func paste(_ text: String) {
        guard !text.isEmpty else { return }
        state = reducer.paste(state, text)
        scheduleIfNeeded()
    }

    /// Takes a finished forward pass or failure, if any. Returns true when the state changed.
    @discardableResult
    public func poll() -> Bool {
        var changed = false
        if let result = scheduler.takeResult() {
            state = reducer.receive(state, result)
            changed = true
        }
        if let failure = scheduler.takeFailure() {
            state.errorMessage = "encoder: \(failure)"
            state.computing = false
            // Nothing is coming for these tokens: an older result would look like theirs.
            if !state.resultIsCurrent { state.result = nil }
            changed = true
        }
        return changed
    }

    /// Blocks until the encoder is idle, then polls (tests and measurements only).
    public func settle() {
        scheduler.waitUntilIdle()
        poll()
    }

    /// Draws the current state and remembers its clickable regions for the next click.
    public func render() -> ExplorerFrame {
        let frame = renderer.render(state)
        state.hitRegions = frame.hitRegions
        return frame
    }

    private func scheduleIfNeeded() {
        let encoding = state.encoding
        guard encoding.ids != requested?.ids || encoding.segments != requested?.segments else { return }
        requested = encoding
        if encoding.tokens.isEmpty || state.resultIsCurrent {
            scheduler.cancel()
            state.computing = false
            if encoding.tokens.isEmpty { state.result = nil }
        } else {
            state.computing = true
            scheduler.request(encoding)
        }
    }
}

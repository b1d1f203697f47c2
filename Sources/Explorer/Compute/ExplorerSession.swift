import Dispatch
import Foundation
import TerminalUI
import WordPiece

/// Drives the explorer: feeds events to the reducer, carries out the effects it returns (forward passes on the
/// scheduler), hands finished results back to it, and renders frames. No terminal I/O, so tests run it with
/// in-memory tokenizer and encoder doubles; the command feeds it real events and draws its frames.
public final class ExplorerSession {
    public private(set) var state: ExplorerState
    public let reducer: ExplorerReducer
    public let renderer: ExplorerRenderer
    private let scheduler: EncoderScheduler
    /// Where `w` writes the current view as SVG.
    public var exportDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)

    /// `heads`: the checkpoint's task heads, shown under the token strip and in the Predictions view.
    public init(tokenizer: any SentenceTokenizing, encoder: any EncoderRunning, colorMode: ColorMode,
                text: String = "", width: Int = 80, height: Int = 24, heads: ExplorerHeads? = nil) {
        reducer = ExplorerReducer(tokenizer: tokenizer, maxLength: encoder.shape.maxPositions)
        renderer = ExplorerRenderer(colorMode: colorMode)
        let derived = renderer.derived
        scheduler = EncoderScheduler(encoder: encoder) { pass, first, superseded in
            derived.prepare(pass, current: first, until: superseded)
        }
        let start = reducer.start(model: encoder.shape, text: text, width: width, height: height)
        state = start.state
        state.heads = heads
        derived.remember(state)
        perform(start.effects)
    }

    /// Applies one event.
    public func handle(_ event: InputEvent) {
        apply(reducer.update(state, [event]))
    }

    /// Applies a batch of events (all that were queued before the next frame), tokenizing once.
    public func handle(_ events: [InputEvent]) {
        guard !events.isEmpty else { return }
        apply(reducer.update(state, events))
    }

    /// Inserts pasted text as text (never as key commands), tokenizing once.
    public func paste(_ text: String) {
        guard !text.isEmpty else { return }
        apply(reducer.paste(state, text))
    }

    /// Takes a finished forward pass or failure, if any. Returns true when the state changed.
    @discardableResult
    public func poll() -> Bool {
        var changed = false
        if let result = scheduler.takeResult() {
            state = reducer.receive(state, result)
            renderer.derived.remember(state)
            changed = true
        }
        if let failure = scheduler.takeFailure() {
            state = reducer.fail(state, failure)
            changed = true
        }
        return changed
    }

    /// Blocks until the encoder is idle (at most `seconds`), then polls (tests and measurements only). False
    /// when it timed out.
    @discardableResult
    public func settle(timeout seconds: Double = 120) -> Bool {
        let idle = scheduler.waitUntilIdle(timeout: .now() + seconds)
        poll()
        return idle
    }

    /// Draws the current state and remembers its clickable regions for the next click.
    public func render() -> ExplorerFrame {
        let frame = renderer.render(state)
        state.hitRegions = frame.hitRegions
        return frame
    }

    private func apply(_ update: ExplorerUpdate) {
        state = update.state
        renderer.derived.remember(state)
        perform(update.effects)
        if state.views[ViewExport.requested] {
            state.views[ViewExport.requested] = false
            state.statusMessage = ViewExport(directory: exportDirectory).write(state)
        }
    }

    private func perform(_ effects: [ExplorerEffect]) {
        for effect in effects {
            switch effect {
            case .forward(let encoding): scheduler.request(encoding)
            case .cancelForward: scheduler.cancel()
            }
        }
    }
}

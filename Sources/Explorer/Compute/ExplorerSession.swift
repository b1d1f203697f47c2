import Dispatch
import Foundation
import TerminalUI
import Heads
import WordPiece

/// Drives the explorer: feeds events to the reducer, carries out the effects it returns (forward passes on the
/// scheduler), hands finished results back to it, and renders frames. No terminal I/O, so tests run it with
/// in-memory tokenizer and encoder doubles; the command feeds it real events and draws its frames.
public final class ExplorerSession {
    public private(set) var state: ExplorerState
    public let reducer: ExplorerReducer
    public let renderer: ExplorerRenderer
    private let scheduler: EncoderScheduler
    /// The masked-LM head for the selected token (Predictions view) and occlusion attribution, each on its own
    /// queue after the pass they follow.
    private let selectionRunner: BackgroundRunner<SelectionRequest, [MaskedLMPrediction]>
    private let attributionRunner: BackgroundRunner<AttributionRequest, Attribution>
    /// Where `w` writes the current view as SVG.
    public var exportDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)

    /// `heads`: the checkpoint's task heads, shown under the token strip and in the Predictions view.
    /// `taskHeads`: heads trained by `train` (`--head`), whose prediction and attribution show under the strip.
    public init(tokenizer: any SentenceTokenizing, encoder: any EncoderRunning, colorMode: ColorMode,
                text: String = "", width: Int = 80, height: Int = 24, heads: ExplorerHeads? = nil,
                taskHeads: [TaskHead] = []) {
        reducer = ExplorerReducer(tokenizer: tokenizer, maxLength: encoder.shape.maxPositions)
        renderer = ExplorerRenderer(colorMode: colorMode)
        var annotate: EncoderScheduler.Annotate?
        if !(heads?.heads.isEmpty ?? true) || !taskHeads.isEmpty {
            annotate = { @Sendable encoding, output in
                HeadOutputs(heads: heads, taskHeads: taskHeads, encoding: encoding, output: output)
            }
        }
        let derived = renderer.derived
        scheduler = EncoderScheduler(encoder: encoder, annotate: annotate) { pass, first, superseded in
            derived.prepare(pass, current: first, until: superseded)
        }
        selectionRunner = BackgroundRunner(label: "bert-explorer.selection") { request, _, _ in
            heads?.readout(request.pass.output, encoding: request.pass.encoding, selected: request.token).selectedLayers ?? []
        }
        let maskID = tokenizer.encode("[MASK]", pair: nil).tokens.first { $0.isSpecial && $0.text == "[MASK]" }?.id
        attributionRunner = BackgroundRunner(label: "bert-explorer.attribution", qos: .utility) { request, _, isCancelled in
            guard let maskID else { throw AttributionUnavailable() }
            return try OcclusionAttribution.run(request, head: taskHeads[request.head], encoder: encoder, maskID: maskID,
                                                isCancelled: isCancelled)
        }
        var start = reducer.start(model: encoder.shape, text: text, width: width, height: height)
        start.state.heads = heads
        start.state.taskHeads = taskHeads
        state = start.state
        derived.remember(state)
        perform(start.effects)
    }

    /// Why there is no attribution row: occlusion needs a `[MASK]` token.
    struct AttributionUnavailable: Error, CustomStringConvertible {
        var description: String { "the vocabulary has no [MASK] token to occlude with" }
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
            apply(reducer.land(state, result))
            changed = true
        }
        if let failure = scheduler.takeFailure() {
            state = reducer.fail(state, failure)
            changed = true
        }
        if let (request, selection) = selectionRunner.takeResult() {
            state = reducer.receive(state, selection: selection, for: request)
            changed = true
        }
        if let (request, attribution) = attributionRunner.takeResult() {
            state = reducer.receive(state, attribution: attribution, for: request)
            changed = true
        }
        if let failure = attributionRunner.takeFailure() {
            state.statusMessage = "attribution: " + failure
            changed = true
        }
        return changed
    }

    /// True while background work is queued or running (the event loop keeps polling for it).
    public var isBusy: Bool { scheduler.isBusy || selectionRunner.isBusy || attributionRunner.isBusy }

    /// Blocks until the encoder is idle (at most `seconds`), then polls; with `followUps`, then also waits for
    /// the work that follows the pass (attribution, the selected token's predictions) and polls again (tests and
    /// measurements only). False when it timed out.
    @discardableResult
    public func settle(timeout seconds: Double = 120, followUps: Bool = true) -> Bool {
        let deadline = DispatchTime.now() + seconds
        var idle = scheduler.waitUntilIdle(timeout: deadline)
        poll()
        if followUps {
            idle = idle && selectionRunner.waitUntilIdle(timeout: deadline) && attributionRunner.waitUntilIdle(timeout: deadline)
            poll()
        }
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
            case .predictSelection(let request): selectionRunner.request(request)
            case .cancelSelection: selectionRunner.cancel()
            case .attribute(let request): attributionRunner.request(request)
            case .cancelAttribution: attributionRunner.cancel()
            }
        }
    }
}

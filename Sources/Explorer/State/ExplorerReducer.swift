import TerminalUI
import WordPiece

/// The explorer's state machine: `update(state, events) -> (state, effects)`, no I/O. Keys are looked up in
/// the `Keymap` (the current view's own keys first). Re-tokenizes the input whenever the text changes (the
/// tokenizer is pure and takes microseconds) and asks for a forward pass (an effect) when the tokens differ
/// from the ones last asked for.
public struct ExplorerReducer: Sendable {
    public let tokenizer: any SentenceTokenizing
    /// The most tokens the model takes (its positions); longer input is truncated (nil: the tokenizer's limit).
    public let maxLength: Int?

    public init(tokenizer: any SentenceTokenizing, maxLength: Int? = nil) {
        self.tokenizer = tokenizer
        self.maxLength = maxLength
    }

    /// The tokens of a line: one sentence, or a pair typed as `A ||| B`, cut to `maxLength`.
    public func tokenize(_ input: InputLine) -> Encoding {
        let parts = input.parts
        let first = String(parts.first), second = parts.second.map { String($0.text) }
        guard let maxLength else { return tokenizer.encode(first, pair: second) }
        return tokenizer.encode(first, pair: second, maxLength: maxLength)
    }

    /// A state for a line, tokenized, and the forward pass it needs.
    public func start(model: ModelShape, text: String, width: Int, height: Int) -> ExplorerUpdate {
        let input = InputLine(text)
        var state = ExplorerState(model: model, input: input, encoding: tokenize(input), width: width, height: height)
        state.mode = text.isEmpty ? .editing : .exploring
        state.selectedToken = min(1, max(0, state.encoding.count - 1))
        state.clamp()
        let effects = schedule(&state) + followUps(&state)
        return ExplorerUpdate(state: state, effects: effects)
    }

    /// `start(...)`'s state alone (tests and measurements that run no encoder).
    public func initialState(model: ModelShape, text: String, width: Int, height: Int) -> ExplorerState {
        start(model: model, text: text, width: width, height: height).state
    }

    /// Applies a batch of events (everything queued since the last frame) and tokenizes once at the end
    /// instead of after every key: a run of line edits only changes the line; the tokens are brought up to
    /// date before any other event (which may read them) and after the last one.
    public func update(_ state: ExplorerState, _ events: [InputEvent]) -> ExplorerUpdate {
        var s = state
        var pendingEdit: ExplorerState?
        for event in events {
            if s.mode == .editing, !s.showHelp, isLineEdit(event, s) {
                if pendingEdit == nil { pendingEdit = s }
                s.statusMessage = nil
                _ = apply(event, to: &s)
                continue
            }
            if let start = pendingEdit {
                s = finishEdit(s, from: start)
                pendingEdit = nil
            }
            s = reduceOne(s, event)
        }
        if let start = pendingEdit { s = finishEdit(s, from: start) }
        let effects = schedule(&s) + followUps(&s)
        return ExplorerUpdate(state: s, effects: effects)
    }

    public func update(_ state: ExplorerState, _ event: InputEvent) -> ExplorerUpdate { update(state, [event]) }

    /// The state after one event (effects dropped; `computing` is still set as they would be carried out).
    public func reduce(_ state: ExplorerState, _ event: InputEvent) -> ExplorerState { update(state, [event]).state }

    /// The state after a batch of events (effects dropped).
    public func reduce(_ state: ExplorerState, _ events: [InputEvent]) -> ExplorerState { update(state, events).state }

    /// Inserts pasted text at the cursor as text, whatever the mode: a paste never runs as key commands.
    /// Line breaks and tabs become spaces; other control characters are dropped.
    public func paste(_ state: ExplorerState, _ text: String) -> ExplorerUpdate {
        var s = state
        s.showHelp = false
        s.mode = .editing
        let characters = text.compactMap { c -> Character? in
            if c == "\n" || c == "\r" || c == "\r\n" || c == "\t" { return " " }
            return c.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) ? c : nil
        }
        s.input.insert(contentsOf: characters)
        s = finishEdit(s, from: state)
        let effects = schedule(&s) + followUps(&s)
        return ExplorerUpdate(state: s, effects: effects)
    }

    /// Applies a finished forward pass.
    public func receive(_ state: ExplorerState, _ result: ForwardPass) -> ExplorerState {
        var s = state
        s.result = result
        s.computing = !s.resultIsCurrent
        s.errorMessage = nil
        s.clamp()
        s.skipHiddenSelection()
        return s
    }

    /// Records a failed forward pass: nothing is coming for these tokens, so an older result (which would
    /// look like theirs) is dropped.
    public func fail(_ state: ExplorerState, _ message: String) -> ExplorerState {
        var s = state
        s.errorMessage = "encoder: \(message)"
        s.computing = false
        if !s.resultIsCurrent { s.result = nil }
        return s
    }

    private func reduceOne(_ state: ExplorerState, _ event: InputEvent) -> ExplorerState {
        var s = state
        s.statusMessage = nil
        switch event {
        case .resize(let width, let height):
            s.width = width
            s.height = height
        case .click(let x, let y):
            click(&s, x: x, y: y)
        case .scroll(let up, _, _):
            if s.showHelp { s.helpScroll += up ? -1 : 1 } else { s.layer += up ? -1 : 1 }
        case .control("c"):
            s.shouldQuit = true
        default:
            if s.prompt != nil {
                promptKey(&s, event)
            } else if s.showHelp {
                helpKey(&s, event)
            } else if case .refused(let why) = apply(event, to: &s) {
                s = state
                s.statusMessage = why
            }
        }
        return finishEdit(s, from: state)
    }

    /// A key while a `/` or `:` prompt is open: text edits it, Enter runs it, Esc (or emptying it) cancels.
    private func promptKey(_ s: inout ExplorerState, _ event: InputEvent) {
        guard var prompt = s.prompt else { return }
        switch event {
        case .character(let c): prompt.text.append(c)
        case .key(.backspace), .control("h"):
            if prompt.text.isEmpty { s.prompt = nil; return }
            prompt.text.removeLast()
        case .key(.enter):
            s.prompt = nil
            s.finish(prompt)
            return
        case .key(.escape), .control("g"):
            s.prompt = nil
            return
        default: return
        }
        s.prompt = prompt
    }

    /// A key while help is open: arrows and pages scroll it, anything else closes it.
    private func helpKey(_ s: inout ExplorerState, _ event: InputEvent) {
        switch event {
        case .key(.up), .character("k"): s.helpScroll -= 1
        case .key(.down), .character("j"): s.helpScroll += 1
        case .key(.pageUp): s.helpScroll -= max(1, s.height - 4)
        case .key(.pageDown), .character(" "): s.helpScroll += max(1, s.height - 4)
        default: s.showHelp = false
        }
        s.helpScroll = min(max(0, s.helpScroll), max(0, HelpOverlay.lines(screenWidth: s.width).count - max(1, s.height - 4)))
    }

    /// Runs the key's binding; an unbound character types while editing; a key that only other views use
    /// is refused with a message saying where it works.
    private func apply(_ event: InputEvent, to s: inout ExplorerState) -> KeyOutcome {
        if let binding = Keymap.binding(for: event, in: s) { return binding.run(&s, event) }
        if s.mode == .editing, case .character(let c) = event {
            s.input.insert(c)
            return .done
        }
        if s.mode == .exploring, let elsewhere = Keymap.elsewhere(event) { return .refused(elsewhere) }
        return .done
    }

    /// Keys that only change the line or its cursor while editing.
    private func isLineEdit(_ event: InputEvent, _ s: ExplorerState) -> Bool {
        if case .character = event, Keymap.binding(for: event, in: s) == nil { return true }
        return Keymap.binding(for: event, in: s)?.editsLineOnly ?? false
    }

    /// Tokenizes after the edits made since `start` (one key, a batch of line edits, a paste), and while
    /// editing follows the cursor.
    private func finishEdit(_ edited: ExplorerState, from start: ExplorerState) -> ExplorerState {
        var s = edited
        let textChanged = s.input.characters != start.input.characters
        if textChanged { s.encoding = tokenize(s.input) }
        if s.mode == .editing && (textChanged || s.input.cursor != start.input.cursor) {
            s.selectedToken = tokenAtCursor(s) ?? s.selectedToken
        }
        s.clamp()
        return s
    }

    /// The effect the tokens need: a forward pass when they differ from the ones last asked for, a cancel
    /// when they are empty or went back to what the result already shows.
    private func schedule(_ s: inout ExplorerState) -> [ExplorerEffect] {
        let encoding = s.encoding
        guard encoding.ids != s.requested?.ids || encoding.segments != s.requested?.segments else { return [] }
        s.requested = encoding
        if encoding.tokens.isEmpty || s.resultIsCurrent {
            s.computing = false
            if encoding.tokens.isEmpty { s.result = nil }
            return [.cancelForward]
        }
        s.computing = true
        return [.forward(encoding)]
    }

    private func click(_ s: inout ExplorerState, x: Int, y: Int) {
        if s.showHelp { s.showHelp = false; return }
        guard let target = s.hitRegions.target(x: x, y: y) else { return }
        switch target {
        case .input(let position):
            s.mode = .editing
            s.input.move(to: position)
        case .token(let t):
            s.selectedToken = t
            s.focusKey = t
        case .cell(let query, let key):
            s.selectedToken = query
            s.focusKey = key
        case .norm(let layer, let token):
            s.selectedToken = token
            s.layer = max(0, layer - 1)
        case .thumbnail(let layer, let head):
            if s.layer == layer && s.head == head { s.view = .attention }
            s.layer = layer
            s.head = head
        case .view(let id):
            s.view = id
        }
        if case .input = target {} else { s.mode = .exploring }
    }

    /// The token whose span holds the cursor (or ends just before it), for following the cursor while typing.
    private func tokenAtCursor(_ s: ExplorerState) -> Int? {
        let cursor = s.input.cursor
        var best: Int?
        let ranges = s.input.characterRanges(s.encoding.tokens.map { ($0.start, $0.end, $0.segment) })
        for (i, range) in ranges.enumerated() {
            guard let range else { continue }
            if range.contains(cursor) { return i }
            if range.upperBound <= cursor { best = i }
        }
        return best
    }
}

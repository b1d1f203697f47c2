import TerminalUI
import WordPiece

/// The explorer's state machine: `reduce(state, event) -> state`, no I/O. Re-tokenizes the input whenever the
/// text changes (the tokenizer is pure and takes microseconds); the encoder is scheduled by the session.
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

    /// A state for a line, tokenized.
    public func initialState(model: ModelShape, text: String, width: Int, height: Int) -> ExplorerState {
        let input = InputLine(text)
        var state = ExplorerState(model: model, input: input, encoding: tokenize(input), width: width, height: height)
        state.mode = text.isEmpty ? .editing : .exploring
        state.selectedToken = min(1, max(0, state.encoding.count - 1))
        state.clamp()
        return state
    }

    public func reduce(_ state: ExplorerState, _ event: InputEvent) -> ExplorerState {
        var s = state
        switch event {
        case .control("c"):
            s.shouldQuit = true
        case .resize(let width, let height):
            s.width = width
            s.height = height
        case .click(let x, let y):
            click(&s, x: x, y: y)
        case .scroll(let up, _, _):
            s.layer += up ? -1 : 1
        default:
            if s.showHelp {
                s.showHelp = false
            } else if s.mode == .editing {
                edit(&s, event)
            } else {
                explore(&s, event)
            }
        }
        let textChanged = s.input.characters != state.input.characters
        if textChanged {
            s.encoding = tokenize(s.input)
        }
        if s.mode == .editing && (textChanged || s.input.cursor != state.input.cursor) {
            s.selectedToken = tokenAtCursor(s) ?? s.selectedToken
        }
        s.clamp()
        return s
    }

    /// Applies a batch of events (everything queued since the last frame) and tokenizes once at the end
    /// instead of after every key: a run of edits while editing only changes the line; the tokens are
    /// brought up to date before any other event (which may read them) and after the last one.
    public func reduce(_ state: ExplorerState, _ events: [InputEvent]) -> ExplorerState {
        var s = state
        var pendingEdit: ExplorerState?
        for event in events {
            if s.mode == .editing, !s.showHelp, isTextEdit(event) {
                if pendingEdit == nil { pendingEdit = s }
                edit(&s, event)
                continue
            }
            if let start = pendingEdit {
                s = finishEdit(s, from: start)
                pendingEdit = nil
            }
            s = reduce(s, event)
        }
        if let start = pendingEdit { s = finishEdit(s, from: start) }
        return s
    }

    /// Inserts pasted text at the cursor as text, whatever the mode: a paste never runs as key commands.
    /// Line breaks and tabs become spaces; other control characters are dropped.
    public func paste(_ state: ExplorerState, _ text: String) -> ExplorerState {
        var s = state
        s.showHelp = false
        s.mode = .editing
        let characters = text.compactMap { c -> Character? in
            if c == "\n" || c == "\r" || c == "\r\n" || c == "\t" { return " " }
            return c.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) ? c : nil
        }
        s.input.insert(contentsOf: characters)
        return finishEdit(s, from: state)
    }

    /// Keys that only change the line or its cursor while editing.
    private func isTextEdit(_ event: InputEvent) -> Bool {
        switch event {
        case .character, .key(.left), .key(.right), .key(.home), .key(.end), .key(.backspace), .key(.delete),
             .control("a"), .control("e"), .control("h"), .control("d"), .control("u"), .control("w"):
            return true
        default:
            return false
        }
    }

    /// Tokenizes after line edits made since `start`, and follows the cursor.
    private func finishEdit(_ edited: ExplorerState, from start: ExplorerState) -> ExplorerState {
        var s = edited
        let textChanged = s.input.characters != start.input.characters
        if textChanged { s.encoding = tokenize(s.input) }
        if textChanged || s.input.cursor != start.input.cursor {
            s.selectedToken = tokenAtCursor(s) ?? s.selectedToken
        }
        s.clamp()
        return s
    }

    /// Applies a finished forward pass.
    public func receive(_ state: ExplorerState, _ result: EncodedSentence) -> ExplorerState {
        var s = state
        s.result = result
        s.computing = !s.resultIsCurrent
        s.errorMessage = nil
        s.clamp()
        return s
    }

    private func edit(_ s: inout ExplorerState, _ event: InputEvent) {
        switch event {
        case .character(let c): s.input.insert(c)
        case .key(.left): s.input.moveLeft()
        case .key(.right): s.input.moveRight()
        case .key(.home), .control("a"): s.input.moveHome()
        case .key(.end), .control("e"): s.input.moveEnd()
        case .key(.backspace), .control("h"): s.input.backspace()
        case .key(.delete), .control("d"): s.input.deleteForward()
        case .control("u"): s.input.deleteToStart()
        case .control("w"): s.input.deleteWordBackward()
        case .key(.enter), .key(.escape): s.mode = .exploring
        case .key(.up): s.layer -= 1
        case .key(.down): s.layer += 1
        case .key(.tab): stepHead(&s, by: 1)
        case .key(.backTab): stepHead(&s, by: -1)
        default: break
        }
    }

    private func explore(_ s: inout ExplorerState, _ event: InputEvent) {
        let last = max(0, max(s.encoding.count, s.shownTokens.count) - 1)
        switch event {
        case .key(.left), .character("h"): s.selectedToken -= 1
        case .key(.right), .character("l"): s.selectedToken += 1
        case .key(.home): s.selectedToken = 0
        case .key(.end): s.selectedToken = last
        case .key(.up), .character("k"): s.layer -= 1
        case .key(.down), .character("j"): s.layer += 1
        case .key(.pageUp), .character("["): s.focusKey -= 1
        case .key(.pageDown), .character("]"): s.focusKey += 1
        case .key(.tab): stepHead(&s, by: 1)
        case .key(.backTab): stepHead(&s, by: -1)
        case .character("a"): s.aggregation = s.aggregation == .mean ? .max : .mean
        case .character("v"): s.panel = s.panel.next
        case .character("V"): s.panel = s.panel.previous
        case .character("1"): s.panel = .attention
        case .character("2"): s.panel = .token
        case .character("3"): s.panel = .norms
        case .character("4"): s.panel = .overview
        case .character("s"): s.scale = s.scale.next
        case .character("d"): s.direction = s.direction.toggled
        case .character("x"): s.hideSpecial.toggle()
        case .character("c"): s.showChange.toggle()
        case .character("r"): s.rollout.toggle()
        case .character("?"): s.showHelp = true
        case .character("q"): s.shouldQuit = true
        case .character("e"), .character("i"): s.mode = .editing
        case .key(.enter):
            if s.panel == .overview { s.panel = .attention } else { s.mode = .editing }
        default: break
        }
    }

    /// Heads cycle 1...H then "all heads" (nil), wrapping.
    private func stepHead(_ s: inout ExplorerState, by step: Int) {
        let positions = s.model.heads + 1
        guard positions > 1 else { return }
        let current = s.head ?? s.model.heads
        let next = ((current + step) % positions + positions) % positions
        s.head = next == s.model.heads ? nil : next
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
            if s.layer == layer && s.head == head { s.panel = .attention }
            s.layer = layer
            s.head = head
        case .panel(let panel):
            s.panel = panel
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

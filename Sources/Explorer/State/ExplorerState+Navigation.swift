import Foundation
import WordPiece

/// Moves that several keys and views share.
extension ExplorerState {
    /// The tokens selection moves over: the shown result's, else the typed ones.
    var navigableTokens: [Token] { shownTokens.count >= encoding.count ? shownTokens : encoding.tokens }

    /// True for a token the current view leaves blank (`x` on, a special token, a view that hides them), or
    /// merges into the word before it (`m`).
    func isHidden(_ index: Int) -> Bool {
        let tokens = navigableTokens
        // The word view selects words: a `##` piece is reached through its word's first piece.
        if views[AttentionModes.words], ViewRegistry.view(view).mergesWords, index > 0, index < tokens.count,
           tokens[index].isContinuation { return true }
        guard hideSpecial, ViewRegistry.view(view).hidesSpecialTokens, index >= 0, index < tokens.count else { return false }
        return tokens[index].isSpecial
    }

    /// The nearest visible token from `index` going in `direction` (+1 or -1), or nil if there is none.
    func visibleToken(from index: Int, direction: Int) -> Int? {
        var i = index
        let count = navigableTokens.count
        while i >= 0 && i < count {
            if !isHidden(i) { return i }
            i += direction
        }
        return nil
    }

    /// Moves `index` by `step` tokens, skipping hidden ones and stopping at the ends.
    func stepped(_ index: Int, by step: Int) -> Int {
        nearestVisible(index + step, direction: step < 0 ? -1 : 1) ?? index
    }

    /// The visible token at `index` (clamped to the tokens), else the nearest one in `direction`, else the
    /// nearest the other way.
    func nearestVisible(_ index: Int, direction: Int) -> Int? {
        let count = navigableTokens.count
        guard count > 0 else { return nil }
        let target = min(max(0, index), count - 1)
        return visibleToken(from: target, direction: direction) ?? visibleToken(from: target, direction: -direction)
    }

    /// Keeps the selection and the focused key off hidden tokens (after `x` or a view change).
    mutating func skipHiddenSelection() {
        selectedToken = stepped(selectedToken, by: 0)
        focusKey = stepped(focusKey, by: 0)
    }

    /// Runs a finished `/` or `:` prompt: selects the token it names, or says why it cannot.
    mutating func finish(_ prompt: TokenPrompt) {
        let tokens = navigableTokens
        switch prompt.kind {
        case .jump:
            guard let position = Int(prompt.text.trimmingCharacters(in: .whitespaces)), tokens.indices.contains(position) else {
                statusMessage = ":\(prompt.text): positions are 0...\(max(0, tokens.count - 1))"
                return
            }
            selectedToken = position
        case .search:
            let query = prompt.text.lowercased()
            guard !query.isEmpty else { return }
            func matches(_ i: Int) -> Bool {
                var text = tokens[i].text.lowercased()
                if text.hasPrefix("##") { text.removeFirst(2) }
                return text.contains(query) && !isHidden(i)
            }
            let order = Array((selectedToken + 1)..<tokens.count) + Array(0...min(selectedToken, tokens.count - 1))
            guard let found = order.first(where: matches) else {
                statusMessage = "/\(prompt.text): no token contains it"
                return
            }
            selectedToken = found
        }
        focusKey = selectedToken
    }

    /// Heads cycle 1...H then "all heads" (nil), wrapping.
    mutating func stepHead(by step: Int) {
        let positions = model.heads + 1
        guard positions > 1 else { return }
        let current = head ?? model.heads
        let next = ((current + step) % positions + positions) % positions
        head = next == model.heads ? nil : next
    }

    /// Tokens per page for PageUp/PageDown: the rows a view has for tokens on this terminal.
    public var pageSize: Int { max(1, ExplorerRenderer.body(self).height - 4) }
}

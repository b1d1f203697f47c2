import TerminalUI

/// Every key of the explorer, once: the global bindings here and each view's own (`ExplorerView.keys`). The
/// reducer dispatches through it, and the help overlay, the status bar and README's key table (checked by a
/// test) are all generated from it.
public enum Keymap {
    /// Keys that work whatever the view, in the order help and README list them.
    static let global: [KeyBinding] = [
        KeyBinding(.editing, [], keys: "any text", action: "edit the sentence; tokens update as you type",
                   hint: "type/paste"),
        KeyBinding(.both, [], keys: "paste", action: "insert the pasted text (line breaks become spaces) and edit"),
        KeyBinding(.editing, [.key(.left), .key(.right), .key(.home), .key(.end), .control("a"), .control("e")],
                   keys: "← → Home End, ^A ^E", action: "move the cursor (by character, to the start / end)",
                   hint: "←→ move", editsLineOnly: true) { s, e in
            switch e {
            case .key(.left): s.input.moveLeft()
            case .key(.right): s.input.moveRight()
            case .key(.home), .control("a"): s.input.moveHome()
            default: s.input.moveEnd()
            }
            return .done
        },
        KeyBinding(.editing, [.key(.alt("b")), .key(.alt("f")), .key(.controlLeft), .key(.controlRight)],
                   keys: "Alt-b Alt-f, Ctrl-← Ctrl-→", action: "move the cursor by a word",
                   editsLineOnly: true) { s, e in
            if e == .key(.alt("b")) || e == .key(.controlLeft) { s.input.moveWordLeft() } else { s.input.moveWordRight() }
            return .done
        },
        KeyBinding(.editing, [.key(.backspace), .control("h"), .key(.delete), .control("d")],
                   keys: "Backspace Delete", action: "delete the character before / under the cursor",
                   hint: "⌫ Del", editsLineOnly: true) { s, e in
            if e == .key(.backspace) || e == .control("h") { s.input.backspace() } else { s.input.deleteForward() }
            return .done
        },
        KeyBinding(.editing, [.control("w"), .key(.altBackspace), .key(.alt("d")), .control("u"), .control("k")],
                   keys: "^W Alt-Backspace, Alt-d, ^U, ^K", action: "delete the word before / after, to the start / end",
                   hint: "^W^U^K delete", editsLineOnly: true) { s, e in
            switch e {
            case .control("w"), .key(.altBackspace): s.input.deleteWordBackward()
            case .key(.alt("d")): s.input.deleteWordForward()
            case .control("u"): s.input.deleteToStart()
            default: s.input.deleteToEnd()
            }
            return .done
        },
        KeyBinding(.editing, [.control("y")], keys: "^Y", action: "paste back the text ^W ^U ^K Alt-d deleted",
                   editsLineOnly: true) { s, _ in
            s.input.yank()
            return .done
        },
        KeyBinding(.editing, [.control("z")], keys: "^Z", action: "undo the last edit (again for the one before)",
                   editsLineOnly: true) { s, _ in
            s.input.undo()
            return .done
        },
        KeyBinding(.editing, [.key(.enter), .key(.escape)], keys: "Enter, Esc", action: "start exploring",
                   hint: "Esc explore") { s, _ in
            s.mode = .exploring
            return .done
        },
        KeyBinding(.exploring, [.key(.left), .key(.right), .character("h"), .character("l")], keys: "← → h l",
                   action: "select the previous / next token", hint: "←→ token") { s, e in
            s.selectedToken = s.stepped(s.selectedToken, by: e == .key(.left) || e == .character("h") ? -1 : 1)
            return .done
        },
        KeyBinding(.both, [.key(.up), .key(.down)], keys: "↑ ↓, mouse wheel", action: "previous / next layer",
                   hint: "↑↓ layer") { s, e in
            s.layer += e == .key(.up) ? -1 : 1
            return .done
        },
        KeyBinding(.exploring, [.character("k"), .character("j")], keys: "k j", action: "previous / next layer") { s, e in
            s.layer += e == .character("k") ? -1 : 1
            return .done
        },
        KeyBinding(.both, [.key(.tab), .key(.backTab)], keys: "Tab, Shift-Tab",
                   action: "next / previous head, then \"all heads\"", hint: "Tab head") { s, e in
            s.stepHead(by: e == .key(.tab) ? 1 : -1)
            return .done
        },
        KeyBinding(.exploring, [.key(.pageUp), .key(.pageDown)], keys: "PageUp PageDown",
                   action: "select a token a page of rows back / on") { s, e in
            s.selectedToken = s.stepped(s.selectedToken, by: e == .key(.pageUp) ? -s.pageSize : s.pageSize)
            return .done
        },
        KeyBinding(.exploring, [.key(.home), .key(.end), .character("g"), .character("G")], keys: "Home End, g G",
                   action: "select the first / last token") { s, e in
            let first = e == .key(.home) || e == .character("g")
            s.selectedToken = (first ? s.nearestVisible(0, direction: 1) : s.nearestVisible(s.navigableTokens.count - 1, direction: -1)) ?? 0
            return .done
        },
        KeyBinding(.exploring, [.character("v"), .character("V")] + ViewRegistry.ids.indices.map { .character(Character(String($0 + 1))) },
                   keys: "v V, 1-\(ViewRegistry.ids.count)",
                   action: "views: " + ViewRegistry.views.map { $0.title.lowercased() }.joined(separator: ", "),
                   hint: "v view") { s, e in
            let ids = ViewRegistry.ids
            let current = ids.firstIndex(of: s.view) ?? 0
            switch e {
            case .character("v"): s.view = ids[(current + 1) % ids.count]
            case .character("V"): s.view = ids[(current + ids.count - 1) % ids.count]
            case .character(let digit): s.view = ids[Int(String(digit))! - 1]
            default: break
            }
            s.skipHiddenSelection()
            return .done
        },
        KeyBinding(.exploring, [.character("s")], keys: "s", action: "scale: linear, log, gamma", hint: "s scale") { s, _ in
            s.scale = s.scale.next
            return .done
        },
        KeyBinding(.exploring, [.character("/"), .character(":")], keys: "/ text, : number",
                   action: "select the next token containing the text / the token at a position (Enter; Esc cancels)",
                   hint: "/ find") { s, e in
            s.prompt = TokenPrompt(kind: e == .character("/") ? .search : .jump)
            return .done
        },
        KeyBinding(.exploring, [.character("e"), .character("i"), .key(.enter)], keys: "e, i, Enter",
                   action: "edit the sentence", hint: "e edit") { s, _ in
            s.mode = .editing
            return .done
        },
        KeyBinding(.both, [], keys: "click", action: "a token, a heatmap cell, a view tab, a thumbnail, or the input line (to edit there)"),
        KeyBinding(.both, [.key(.f1)], keys: "F1", action: "help (↑ ↓ scroll it, any other key closes it)",
                   hint: "F1 help") { s, _ in
            s.showHelp = true
            s.helpScroll = 0
            return .done
        },
        KeyBinding(.exploring, [.character("?")], keys: "?", action: "help", hint: "? help") { s, _ in
            s.showHelp = true
            s.helpScroll = 0
            return .done
        },
        ViewExport.binding,
        TaskHeadStripView.binding,
        KeyBinding(.exploring, [.character("q")], keys: "q", action: "quit", hint: "q quit") { s, _ in
            s.shouldQuit = true
            return .done
        },
        KeyBinding(.both, [.control("c")], keys: "^C", action: "quit") { s, _ in
            s.shouldQuit = true
            return .done
        },
    ]

    /// Every binding: the global ones, then each view's own in registry order.
    static var all: [KeyBinding] { global + ViewRegistry.views.flatMap(\.keys) }

    /// The binding an event triggers in this state (the current view's keys first), if any.
    static func binding(for event: InputEvent, in state: ExplorerState) -> KeyBinding? {
        if state.mode == .exploring, let own = ViewRegistry.view(state.view).keys.first(where: { $0.events.contains(event) }) {
            return own
        }
        return global.first { $0.applies(in: state.mode) && $0.events.contains(event) }
    }

    /// Why a key does nothing here: it belongs to other views (nil when no view binds it).
    static func elsewhere(_ event: InputEvent) -> String? {
        let owners = ViewRegistry.views.filter { $0.keys.contains { $0.events.contains(event) } }
        guard let first = owners.first, let binding = first.keys.first(where: { $0.events.contains(event) }) else { return nil }
        let names = owners.map { "\($0.title) (\((ViewRegistry.ids.firstIndex(of: $0.id) ?? 0) + 1))" }
        return "\(binding.keys) works only in the \(names.joined(separator: ", ")) view\(names.count > 1 ? "s" : "")"
    }

    /// The key table as README shows it: `| Where | Keys | Action |` rows; a key several views share is
    /// one row naming them all.
    public static var markdownTable: String {
        // (where, keys, action); a view row's "where" collects the titles of the views that share it.
        var rows: [(scope: String, views: [String], keys: String, action: String)] = []
        for binding in all {
            switch binding.scope {
            case .editing: rows.append(("editing", [], binding.keys, binding.action))
            case .exploring: rows.append(("exploring", [], binding.keys, binding.action))
            case .both: rows.append(("both", [], binding.keys, binding.action))
            case .view(let id):
                let title = ViewRegistry.view(id).title
                if let i = rows.firstIndex(where: { !$0.views.isEmpty && $0.keys == binding.keys && $0.action == binding.action }) {
                    rows[i].views.append(title)
                } else {
                    rows.append(("", [title], binding.keys, binding.action))
                }
            }
        }
        let table = rows.map { row in
            (row.views.isEmpty ? row.scope : row.views.joined(separator: ", ") + (row.views.count > 1 ? " views" : " view"),
             row.keys, row.action)
        }
        let escaped = table.map { ($0.0, $0.1.replacingOccurrences(of: "|", with: "\\|"), $0.2.replacingOccurrences(of: "|", with: "\\|")) }
        return (["| Where | Keys | Action |", "| --- | --- | --- |"] + escaped.map { "| \($0.0) | \($0.1) | \($0.2) |" })
            .joined(separator: "\n")
    }
}

import TerminalUI

/// One row of the keymap: the events that trigger it, how help and README name it, an optional status-bar
/// hint, and what it does to the state. Rows without events only document (typing, paste, click).
public struct KeyBinding: Sendable {
    /// Where a binding applies: a mode, or (for a view's own keys) that view while exploring.
    public enum Scope: Sendable, Equatable {
        case editing, exploring, both
        case view(ViewID)
    }

    public let scope: Scope
    public let events: [InputEvent]
    /// The keys as help and README show them, e.g. `← → h l`.
    public let keys: String
    /// What the keys do, as help and README say it.
    public let action: String
    /// A short form for the status bar (nil: not shown there).
    public let hint: String?
    /// True for keys that only edit the line or move its cursor (a run of them is tokenized once).
    let editsLineOnly: Bool
    let run: @Sendable (inout ExplorerState, InputEvent) -> KeyOutcome

    init(_ scope: Scope, _ events: [InputEvent], keys: String, action: String, hint: String? = nil,
         editsLineOnly: Bool = false, run: @escaping @Sendable (inout ExplorerState, InputEvent) -> KeyOutcome = { _, _ in .done }) {
        self.scope = scope
        self.events = events
        self.keys = keys
        self.action = action
        self.hint = hint
        self.editsLineOnly = editsLineOnly
        self.run = run
    }

    /// The same binding for another scope (a key several views share).
    func scoped(_ scope: Scope) -> KeyBinding {
        KeyBinding(scope, events, keys: keys, action: action, hint: hint, editsLineOnly: editsLineOnly, run: run)
    }

    func applies(in mode: ExplorerMode) -> Bool {
        switch scope {
        case .editing: return mode == .editing
        case .exploring, .view: return mode == .exploring
        case .both: return true
        }
    }
}

/// A typed slot of per-view state (a toggle, a direction) with its default. A view declares its keys as
/// static constants and reads them through `ExplorerState.views[key]`; the shared state never grows a field
/// for one view's setting.
public struct ViewStateKey<Value: Sendable & Equatable>: Sendable {
    public let name: String
    public let defaultValue: Value

    public init(_ name: String, default defaultValue: Value) {
        self.name = name
        self.defaultValue = defaultValue
    }
}

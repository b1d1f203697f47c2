/// The per-view settings of every view, by `ViewStateKey`; unset keys read as their default.
public struct ViewStates: Sendable {
    private var values: [String: any Sendable] = [:]

    public init() {}

    public subscript<Value>(key: ViewStateKey<Value>) -> Value {
        get { values[key.name] as? Value ?? key.defaultValue }
        set { values[key.name] = newValue }
    }
}

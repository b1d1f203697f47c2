/// A new state and the effects it asks for.
public struct ExplorerUpdate: Sendable {
    public var state: ExplorerState
    public var effects: [ExplorerEffect]
}

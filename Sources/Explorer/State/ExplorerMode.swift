/// Whether keys edit the sentence or navigate the encoder's views.
public enum ExplorerMode: String, Sendable, Equatable {
    case editing
    case exploring
}

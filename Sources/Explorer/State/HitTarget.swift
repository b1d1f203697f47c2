/// What a mouse click at a screen cell refers to; recorded by the views while they draw.
public enum HitTarget: Sendable, Equatable {
    /// A column of the input line (a character index).
    case input(Int)
    /// A token in the token strip, a row label, a bar or a norm column.
    case token(Int)
    /// A heatmap cell.
    case cell(query: Int, key: Int)
    /// A hidden-norms cell: `layer` is 0 for the embeddings.
    case norm(layer: Int, token: Int)
    /// An overview thumbnail (`layer` 0-based, as `ExplorerState.layer`).
    case thumbnail(layer: Int, head: Int)
    /// A view tab in the title bar.
    case view(ViewID)
}

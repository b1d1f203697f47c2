/// The views that export as pictures, named as on the command line.
public enum ExportView: String, Sendable, CaseIterable {
    /// One layer's attention, query rows × key columns.
    case attention
    /// One token's attention in one layer: heads (and their mean) × tokens.
    case tokens
    /// Hidden-state norms: layers (embeddings first) × tokens.
    case norms
    /// Every layer × head's attention matrix side by side, one shared scale.
    case overview
    /// A head statistic as a layers × heads grid.
    case heads
}

/// The main views, cycled with `v`.
public enum ExplorerPanel: Int, Sendable, CaseIterable {
    /// Query × key heatmap of one head, or all heads aggregated.
    case attention
    /// The selected token's attention to (or from) every token, for every head and their mean.
    case token
    /// Hidden-state norms (or the change each layer makes) per layer and token.
    case norms
    /// Every layer × head as a thumbnail.
    case overview

    public var title: String {
        switch self {
        case .attention: return "Attention"
        case .token: return "Token"
        case .norms: return "Norms"
        case .overview: return "Overview"
        }
    }

    public var next: ExplorerPanel { ExplorerPanel(rawValue: (rawValue + 1) % ExplorerPanel.allCases.count)! }
    public var previous: ExplorerPanel {
        let n = ExplorerPanel.allCases.count
        return ExplorerPanel(rawValue: (rawValue + n - 1) % n)!
    }
}

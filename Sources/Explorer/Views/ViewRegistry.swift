/// The explorer's views, in tab order (digit keys 1...N follow it). See `ExplorerView` for adding one.
public enum ViewRegistry {
    static let views: [any ExplorerView] = [
        AttentionHeatmapView(),
        TokenBarsView(),
        HiddenNormsView(),
        ModelOverviewView(),
        PredictionsView(),
        HeadStatsView(),
        NeuronView(),
    ]

    /// The views' ids in tab order.
    public static let ids: [ViewID] = views.map(\.id)

    /// A view's tab title.
    public static func title(of id: ViewID) -> String { view(id).title }

    static func view(_ id: ViewID) -> any ExplorerView {
        views.first { $0.id == id } ?? views[0]
    }
}

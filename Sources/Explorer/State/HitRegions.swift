/// The clickable rectangles of the last frame, in drawing order (later ones win).
public struct HitRegions: Sendable, Equatable {
    /// One clickable rectangle and what it refers to.
    public struct Region: Sendable, Equatable {
        public var x: Int, y: Int, width: Int, height: Int
        public var target: HitTarget
        /// For a row of heatmap cells registered at once: the width of one cell; the key of the cell under
        /// the pointer is the target's key plus the cell index. 0 for ordinary regions.
        public var cellWidth = 0

        public func contains(x px: Int, y py: Int) -> Bool {
            px >= x && px < x + width && py >= y && py < y + height
        }
    }

    public private(set) var regions: [Region] = []

    public init() {}

    public mutating func add(x: Int, y: Int, width: Int, height: Int = 1, _ target: HitTarget) {
        guard width > 0, height > 0 else { return }
        regions.append(Region(x: x, y: y, width: width, height: height, target: target))
    }

    /// A row of `count` heatmap cells, each `cellWidth` wide, for `query` starting at `firstKey`.
    public mutating func addCells(x: Int, y: Int, cellWidth: Int, count: Int, query: Int, firstKey: Int) {
        guard cellWidth > 0, count > 0 else { return }
        regions.append(Region(x: x, y: y, width: cellWidth * count, height: 1,
                              target: .cell(query: query, key: firstKey), cellWidth: cellWidth))
    }

    /// The target under a screen cell.
    public func target(x: Int, y: Int) -> HitTarget? {
        guard let region = regions.last(where: { $0.contains(x: x, y: y) }) else { return nil }
        if region.cellWidth > 0, case .cell(let query, let key) = region.target {
            return .cell(query: query, key: key + (x - region.x) / region.cellWidth)
        }
        return region.target
    }
}

/// The clickable rectangles of the last frame, in drawing order (later ones win).
public struct HitRegions: Sendable, Equatable {
    public struct Region: Sendable, Equatable {
        public var x: Int, y: Int, width: Int, height: Int
        public var target: HitTarget

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

    /// The target under a screen cell.
    public func target(x: Int, y: Int) -> HitTarget? {
        regions.last { $0.contains(x: x, y: y) }?.target
    }
}

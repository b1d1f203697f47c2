/// A pickle list, shared by reference between the stack and the memo. Once placed inside another container it
/// is frozen, so its recorded depth stays true.
final class PickleList {
    var items: [PickleValue]
    var depth: Int
    var isContained = false
    init(_ items: [PickleValue] = [], depth: Int = 1) {
        self.items = items
        self.depth = depth
    }
}

/// A pickle dict, shared by reference between the stack and the memo; pairs in insertion order. Once placed
/// inside another container it is frozen, so its recorded depth stays true.
final class PickleDict {
    var pairs: [(PickleValue, PickleValue)]
    var depth: Int
    var isContained = false
    init(_ pairs: [(PickleValue, PickleValue)] = [], depth: Int = 1) {
        self.pairs = pairs
        self.depth = depth
    }
}

import Foundation

/// A list of indexes given on the command line, such as `0,2-3` (`--layers`, `--heads`).
enum IndexList {
    /// The indexes in the order given, without repeats; each below `limit` when one is given.
    static func parse(_ text: String, option: String, below limit: Int? = nil) throws -> [Int] {
        var result: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
                .map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard let low = bounds.first ?? nil, let high = bounds.count == 2 ? bounds[1] : low,
                  low >= 0, high >= low, high - low < 100_000 else {
                throw CommandFailure("\(option) must be a list of indexes from 0 such as 0,2-3, got \"\(text)\"")
            }
            if let limit, high >= limit {
                throw CommandFailure("\(option): \(high) is out of range; the model has \(limit) (0 to \(limit - 1))")
            }
            for index in low...high where !result.contains(index) { result.append(index) }
        }
        return result
    }
}

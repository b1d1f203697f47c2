import Foundation

/// bertviz's neuron view for one query token and one key token of a head: the query vector, the key vector,
/// their element-wise product and its sum, the attention score before scaling by `1/√headSize` and softmax.
public struct QueryKeyProduct: Sendable, Equatable {
    public let query: [Float]
    public let key: [Float]
    /// `query[i] * key[i]`: which dimensions push the score up (positive) or down (negative).
    public let products: [Float]
    /// `Σ products` = `q · k`.
    public let sum: Float

    public init(query: [Float], key: [Float]) {
        precondition(query.count == key.count, "query and key vectors of different sizes")
        self.query = query
        self.key = key
        products = zip(query, key).map { $0 * $1 }
        sum = products.reduce(0, +)
    }

    /// The score the softmax sees: `q · k / √headSize`.
    public var scaledScore: Float { sum / Float(query.count).squareRoot() }

    /// Softmax over the scaled scores of one query against every key: the head's attention row (no mask, as
    /// for one unpadded sentence).
    public static func attentionRow(query: [Float], keys: [[Float]]) -> [Float] {
        let scores = keys.map { QueryKeyProduct(query: query, key: $0).scaledScore }
        let top = scores.max() ?? 0
        let exponentials = scores.map { Foundation.exp($0 - top) }
        let total = exponentials.reduce(0, +)
        return exponentials.map { $0 / total }
    }
}

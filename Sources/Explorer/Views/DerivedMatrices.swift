import Analysis
import Foundation
import WordPiece

/// Matrices derived from a forward pass (aggregated or hidden attention, rollout, hidden-state norms), computed
/// once per result and settings and reused by every frame until either changes. Frames are drawn on one
/// thread; the lock only keeps the type honestly `Sendable`.
final class DerivedMatrices: @unchecked Sendable {
    private let lock = NSLock()
    private var resultKey: (generation: Int, ids: [Int])?
    private var values: [String: any Sendable] = [:]
    private var cost = 0
    /// How many values were computed (not taken from the cache): tests check frames reuse them.
    private(set) var computations = 0
    /// Above this many floats held, the cache starts over (a 512-token matrix is 262,144 floats).
    static let budget = 16_000_000

    /// The value for `key` on `result`, computed by `make` at most once while the result stays the same.
    func value<T: Sendable>(_ key: String, for result: ForwardPass, cost itemCost: Int, _ make: () -> T) -> T {
        lock.lock()
        if resultKey?.generation != result.generation || resultKey?.ids != result.encoding.ids {
            resultKey = (result.generation, result.encoding.ids)
            values.removeAll()
            cost = 0
        }
        if let hit = values[key] as? T {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let made = make()
        lock.lock()
        if cost + itemCost > Self.budget { values.removeAll(); cost = 0 }
        values[key] = made
        cost += itemCost
        computations += 1
        lock.unlock()
        return made
    }

    /// One head's matrix, or the heads combined, with special tokens hidden when asked.
    func attention(_ result: ForwardPass, layer: Int, head: Int?, aggregation: HeadAggregation,
                   hideSpecial: Bool) -> AttentionMatrix {
        let n = result.encoding.count
        let key = "attention/\(layer)/\(head.map(String.init) ?? aggregation.rawValue)/\(hideSpecial)"
        return value(key, for: result, cost: n * n) {
            if hideSpecial {
                return attention(result, layer: layer, head: head, aggregation: aggregation, hideSpecial: false)
                    .hiding(result.encoding.tokens.map(\.isSpecial))
            }
            return head.map { AttentionMatrix(result.output, layer: layer, head: $0) }
                ?? aggregation.combine(result.output, layer: layer)
        }
    }

    /// Attention rollout (heads combined by `aggregation`) from the input up to `layer`.
    func rollout(_ result: ForwardPass, layer: Int, aggregation: HeadAggregation, hideSpecial: Bool) -> AttentionMatrix {
        let n = result.encoding.count
        let all = value("rollout/\(aggregation.rawValue)", for: result, cost: n * n * result.output.layers) {
            AttentionRollout.compute((0..<result.output.layers).map {
                attention(result, layer: $0, head: nil, aggregation: aggregation, hideSpecial: false)
            })
        }
        guard hideSpecial else { return all[layer] }
        return value("rollout/\(aggregation.rawValue)/\(layer)/hidden", for: result, cost: n * n) {
            all[layer].hiding(result.encoding.tokens.map(\.isSpecial))
        }
    }

    /// Hidden-state norms per layer and token, and the change each layer makes.
    func norms(_ result: ForwardPass) -> HiddenNormMatrix {
        value("norms", for: result, cost: result.encoding.count * (2 * result.output.layers + 1)) {
            HiddenNormMatrix(result.output)
        }
    }
}

import Analysis
import Foundation
import WordPiece

/// Matrices derived from a forward pass (aggregated or hidden attention, rollout, hidden-state norms), computed
/// once per result and settings and reused by every frame until either changes. Frames are drawn on one
/// thread; the lock only keeps the type honestly `Sendable`.
final class DerivedMatrices: @unchecked Sendable {
    /// The values of one result.
    private struct Slot {
        var generation: Int
        var ids: [Int]
        var values: [String: any Sendable] = [:]
        var cost = 0
    }

    private let lock = NSLock()
    /// The newest two results' values: the background prepares the next result while frames still show the
    /// current one, and neither evicts the other.
    private var slots: [Slot] = []
    private var counted = 0
    /// The state frames were last drawn for, so the background prepares what the next frame will ask for.
    private var latestState: ExplorerState?
    /// How many values were computed (not taken from the cache): tests check frames reuse them.
    var computations: Int { lock.lock(); defer { lock.unlock() }; return counted }
    /// Above this many floats held for one result, its cache starts over (a 512-token matrix is 262,144 floats).
    static let budget = 16_000_000

    /// The value for `key` on `result`, computed by `make` at most once while the result stays the same.
    func value<T: Sendable>(_ key: String, for result: ForwardPass, cost itemCost: Int, _ make: () -> T) -> T {
        lock.lock()
        if let hit = slots[slot(result)].values[key] as? T {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let made = make()
        lock.lock()
        let i = slot(result)
        if slots[i].cost + itemCost > Self.budget { slots[i].values.removeAll(); slots[i].cost = 0 }
        slots[i].values[key] = made
        slots[i].cost += itemCost
        counted += 1
        lock.unlock()
        return made
    }

    /// The slot of `result` (made, evicting the older of two, when it has none). Call with the lock held.
    private func slot(_ result: ForwardPass) -> Int {
        if let i = slots.firstIndex(where: { $0.generation == result.generation && $0.ids == result.encoding.ids }) {
            return i
        }
        if slots.count == 2 { slots.remove(at: slots[0].generation <= slots[1].generation ? 0 : 1) }
        slots.append(Slot(generation: result.generation, ids: result.encoding.ids))
        return slots.count - 1
    }

    /// Remembers the state of the frame being drawn (the session calls it after every change).
    func remember(_ state: ExplorerState) {
        lock.lock()
        latestState = state
        lock.unlock()
    }

    /// Computes off the UI thread what the first frame of `result` will need: for the view on screen (`current`),
    /// before the result is published, or for every other view (afterwards, so a view switch finds it ready).
    /// Stops between views once `superseded` says a newer request waits (the next forward pass goes first).
    func prepare(_ result: ForwardPass, current: Bool, until superseded: () -> Bool = { false }) {
        lock.lock()
        let remembered = latestState
        lock.unlock()
        guard var state = remembered else { return }
        state.result = result
        state.clamp()
        for view in ViewRegistry.views where (view.id == state.view) == current {
            if superseded() { return }
            var shown = state
            shown.view = view.id
            view.prepare(self, state: shown, result: result)
        }
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

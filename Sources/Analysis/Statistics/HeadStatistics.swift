import Foundation
import Encoder

/// Head statistics for every layer × head, kept as sums over query rows and row counts so that sentences
/// (and threads) merge exactly: a corpus statistic is a mean over all its rows, as if one long sentence.
///
/// Sums are float64 so that a large corpus does not drift.
public struct HeadStatistics: Sendable, Equatable {
    public let layers: Int
    public let heads: Int
    /// `[statistic][layer * heads + head]` sums over rows.
    private var sums: [[Double]]
    /// `[statistic]` rows counted (the same for every head).
    private var counts: [Int]
    /// Sentences added.
    public private(set) var sentences: Int

    /// Empty statistics (every value nil) to add sentences to.
    public init(layers: Int, heads: Int) {
        self.layers = layers
        self.heads = heads
        sums = HeadStatistic.allCases.map { _ in [Double](repeating: 0, count: layers * heads) }
        counts = HeadStatistic.allCases.map { _ in 0 }
        sentences = 0
    }

    /// The statistics of one sentence.
    public init(_ output: EncoderOutput, roles: TokenRoles) {
        self.init(layers: output.layers, heads: output.heads)
        add(output, roles: roles)
    }

    /// Adds one sentence's rows.
    public mutating func add(_ output: EncoderOutput, roles: TokenRoles) {
        precondition(output.layers == layers && output.heads == heads, "a different model shape")
        let n = output.tokens
        precondition(roles.count == n, "one role per token")
        // The role columns as index lists (a sentence has one [CLS], one or two [SEP], few punctuation marks), so
        // each row adds a handful of values instead of multiplying every column by a 0/1 flag.
        let cls = roles.isCLS.indices.filter { roles.isCLS[$0] }, sep = roles.isSEP.indices.filter { roles.isSEP[$0] }
        let punct = roles.isPunctuation.indices.filter { roles.isPunctuation[$0] }
        for layer in 0..<layers {
            output.attentions[layer].withUnsafeBufferPointer { all in
                for head in 0..<heads {
                    var entropy = 0.0, toCLS = 0.0, toSEP = 0.0, toPunct = 0.0, toSelf = 0.0
                    var toPrevious = 0.0, toNext = 0.0, distance = 0.0
                    let base = head * n * n
                    for q in 0..<n {
                        let row = base + q * n
                        // Per row in float, summed across rows in double; a NaN row (non-finite weights) keeps its
                        // entropy NaN.
                        let sums = AttentionRowSums.entropyAndDistance(all.baseAddress! + row, count: n, query: q)
                        entropy += Double(sums.entropy)
                        distance += Double(sums.distance)
                        for k in cls { toCLS += Double(all[row + k]) }
                        for k in sep { toSEP += Double(all[row + k]) }
                        for k in punct { toPunct += Double(all[row + k]) }
                        toSelf += Double(all[row + q])
                        if q > 0 { toPrevious += Double(all[row + q - 1]) }
                        if q + 1 < n { toNext += Double(all[row + q + 1]) }
                    }
                    let cell = layer * heads + head
                    let values = [entropy, toCLS, toSEP, toPunct, toSelf, toPrevious, toNext, distance]
                    for (s, value) in values.enumerated() { sums[s][cell] += value }
                }
            }
        }
        for (s, statistic) in HeadStatistic.allCases.enumerated() {
            counts[s] += (statistic == .previous || statistic == .next) ? Swift.max(n - 1, 0) : n
        }
        sentences += 1
    }

    /// Adds another set of statistics (from another thread or file) of the same shape.
    public mutating func merge(_ other: HeadStatistics) {
        precondition(other.layers == layers && other.heads == heads, "a different model shape")
        for s in sums.indices {
            for i in sums[s].indices { sums[s][i] += other.sums[s][i] }
            counts[s] += other.counts[s]
        }
        sentences += other.sentences
    }

    /// The mean of `statistic` for a head (layer 0-based), or nil when no row counted (e.g. previous token
    /// of one-token sentences only).
    public func value(_ statistic: HeadStatistic, layer: Int, head: Int) -> Double? {
        let s = HeadStatistic.allCases.firstIndex(of: statistic)!
        guard counts[s] > 0 else { return nil }
        return sums[s][layer * heads + head] / Double(counts[s])
    }

    /// `[layer][head]` means of `statistic` (nil where no row counted).
    public func grid(_ statistic: HeadStatistic) -> [[Double?]] {
        (0..<layers).map { layer in (0..<heads).map { value(statistic, layer: layer, head: $0) } }
    }

    /// Rows counted for `statistic` over everything added.
    public func rows(_ statistic: HeadStatistic) -> Int {
        counts[HeadStatistic.allCases.firstIndex(of: statistic)!]
    }
}

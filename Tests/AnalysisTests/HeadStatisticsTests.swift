import Foundation
import Analysis
import Encoder
import XCTest

final class HeadStatisticsTests: XCTestCase {
    /// Our encoder's attention, summarised by HeadStatistics, against transformers' in float64: per sentence and
    /// pooled over each model's sentences.
    func testStatisticsMatchTheFloat64Reference() throws {
        let reference = try AnalysisReference.load()
        XCTAssertEqual(Set(reference.models.keys), ["tiny-base", "bundled"])
        for (name, model) in reference.models {
            let bert = try BertModel.load(directory: model.directory)
            var pooled: HeadStatistics?
            for (number, item) in model.cases.enumerated() {
                let output = try bert.forward(ids: item.ids, segments: item.segments)
                let statistics = HeadStatistics(output, roles: TokenRoles(texts: item.texts))
                if pooled == nil { pooled = statistics } else { pooled!.merge(statistics) }
                compare(statistics, item.statistics, "\(name) case \(number)")
            }
            XCTAssertEqual(pooled?.sentences, model.cases.count)
            compare(pooled!, model.pooled, "\(name) pooled")
        }
    }

    private func compare(_ statistics: HeadStatistics, _ expected: [String: [Double?]], _ what: String) {
        for statistic in HeadStatistic.allCases {
            let reference = expected[statistic.rawValue]!.map { $0! }
            let grid = statistics.grid(statistic).flatMap { $0 }.map { $0! }
            ReferenceComparison.assertClose(grid, reference, "\(what) \(statistic.rawValue)")
        }
    }

    /// Entropy and distance (sixteen values at a time with a polynomial log, where AVX-512 runs) against float64
    /// sums, at lengths with and without a tail of fewer than sixteen, with exact zeros and values under the
    /// smallest normal float.
    func testEntropyAndDistanceMatchFloat64AtAnyLength() {
        for n in [1, 7, 8, 32, 37, 300] {
            var output = AnalysisTestData.random(tokens: n, layers: 1, heads: 2, seed: UInt64(n))
            var attentions = output.attentions.map { Array($0) }
            for i in stride(from: 3, to: attentions[0].count, by: 11) { attentions[0][i] = 0 }
            for i in stride(from: 5, to: attentions[0].count, by: 13) { attentions[0][i] = 1e-40 }
            output = EncoderOutput(layers: 1, heads: 2, tokens: n, hiddenSize: 4, attentions: attentions,
                                   hiddenStates: output.hiddenStates.map { Array($0) })
            let statistics = HeadStatistics(output, roles: TokenRoles(texts: Array(repeating: "a", count: n)))
            for head in 0..<2 {
                var entropy = 0.0, distance = 0.0
                for q in 0..<n {
                    for k in 0..<n {
                        let a = Double(attentions[0][head * n * n + q * n + k])
                        if a > 0 { entropy -= a * Foundation.log(a) }
                        distance += a * Double(abs(q - k))
                    }
                }
                XCTAssertEqual(statistics.value(.entropy, layer: 0, head: head)!, entropy / Double(n), accuracy: 1e-6, "n \(n)")
                XCTAssertEqual(statistics.value(.distance, layer: 0, head: head)!, distance / Double(n), accuracy: 1e-5 * Double(n), "n \(n)")
            }
        }
    }

    /// Merging is the same as adding the sentences one after another.
    func testMergeEqualsSequentialAdding() {
        let a = AnalysisTestData.random(tokens: 5, seed: 1), b = AnalysisTestData.random(tokens: 7, seed: 2)
        let rolesA = TokenRoles(texts: ["[CLS]", "a", ",", "b", "[SEP]"])
        let rolesB = TokenRoles(texts: ["[CLS]", "x", "[SEP]", "y", ".", "z", "[SEP]"])
        var sequential = HeadStatistics(layers: 3, heads: 4)
        sequential.add(a, roles: rolesA)
        sequential.add(b, roles: rolesB)
        var merged = HeadStatistics(a, roles: rolesA)
        merged.merge(HeadStatistics(b, roles: rolesB))
        for statistic in HeadStatistic.allCases {
            let x = sequential.grid(statistic).flatMap { $0 }.map { $0! }, y = merged.grid(statistic).flatMap { $0 }.map { $0! }
            for (u, v) in zip(x, y) { XCTAssertEqual(u, v, accuracy: 1e-12, statistic.rawValue) }
        }
        XCTAssertEqual(merged.rows(.entropy), 12)
        XCTAssertEqual(merged.rows(.previous), 10)
    }

    /// A one-token sentence has no previous or next token: those statistics have no value, the others do.
    func testOneTokenHasNoNeighbours() {
        let statistics = HeadStatistics(AnalysisTestData.random(tokens: 1), roles: TokenRoles(texts: ["[CLS]"]))
        XCTAssertNil(statistics.value(.previous, layer: 0, head: 0))
        XCTAssertNil(statistics.value(.next, layer: 2, head: 3))
        XCTAssertEqual(statistics.value(.cls, layer: 0, head: 0)!, 1, accuracy: 1e-6)
        XCTAssertEqual(statistics.value(.entropy, layer: 0, head: 0)!, 0, accuracy: 1e-6)
    }

    func testPunctuationRoles() {
        let roles = TokenRoles(texts: ["[CLS]", "hello", ",", "...", "«", "a.", "—", "[SEP]"])
        XCTAssertEqual(roles.isPunctuation, [false, false, true, true, true, false, true, false])
        XCTAssertEqual(roles.isCLS, [true, false, false, false, false, false, false, false])
        XCTAssertEqual(roles.isSEP, [false, false, false, false, false, false, false, true])
    }
}

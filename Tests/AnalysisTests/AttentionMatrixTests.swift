import Analysis
import XCTest

final class AttentionMatrixTests: XCTestCase {
    func testHeadSlicesTheOutput() {
        let m = AttentionMatrix(AnalysisTestData.output, layer: 1, head: 1)
        XCTAssertEqual(m.rows, AnalysisTestData.head1)
        XCTAssertEqual(m.column(2), [0.8, 0.5, 0.2])
        XCTAssertEqual(m[2, 0], 0.6)
    }

    func testMeanAndMaxOverHeads() {
        let mean = HeadAggregation.mean.combine(AnalysisTestData.output, layer: 0)
        XCTAssertEqual(mean.row(0)[0], 0.3, accuracy: 1e-6)
        XCTAssertEqual(mean.row(1)[1], 0.5, accuracy: 1e-6)
        XCTAssertEqual(mean.row(2)[2], 0.35, accuracy: 1e-6)
        let max = HeadAggregation.max.combine(AnalysisTestData.output, layer: 0)
        XCTAssertEqual(max.rows, [[0.5, 0.25, 0.8], [0.5, 1.0, 0.5], [0.6, 0.3, 0.5]])
    }

    func testCombiningTheOutputMatchesCombiningHeadMatrices() {
        let output = AnalysisTestData.random(tokens: 7, heads: 5)
        let heads = (0..<5).map { AttentionMatrix(output, layer: 1, head: $0) }
        for aggregation in HeadAggregation.allCases {
            let direct = aggregation.combine(output, layer: 1).values
            let viaMatrices = aggregation.combine(heads).values
            for (a, b) in zip(direct, viaMatrices) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        }
    }

    func testMeanKeepsRowsStochastic() {
        let output = AnalysisTestData.random(tokens: 9)
        for layer in 0..<output.layers {
            let m = HeadAggregation.mean.combine(output, layer: layer)
            for row in m.rows { XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-5) }
        }
    }

    func testHidingSpecialTokensRenormalises() {
        let m = AttentionMatrix(rows: AnalysisTestData.head0).hiding([true, false, false])
        XCTAssertEqual(m.row(0), [0, 0, 0])
        XCTAssertEqual(m.row(1), [0, 1, 0])
        XCTAssertEqual(m.row(2)[1], 0.375, accuracy: 1e-6)
        XCTAssertEqual(m.row(2)[2], 0.625, accuracy: 1e-6)
    }

    func testHidingKeepsVisibleRowsStochasticAndZeroMassRowsZero() {
        let output = AnalysisTestData.random(tokens: 12)
        let hidden = (0..<12).map { $0 == 0 || $0 == 11 }
        let m = AttentionMatrix(output, layer: 2, head: 3).hiding(hidden)
        for q in 0..<12 {
            let sum = m.row(q).reduce(0, +)
            XCTAssertEqual(sum, hidden[q] ? 0 : 1, accuracy: 1e-5)
            XCTAssertEqual(m[q, 0], 0)
            XCTAssertEqual(m[q, 11], 0)
        }
        let allOnHidden = AttentionMatrix(rows: [[1, 0], [1, 0]]).hiding([true, false])
        XCTAssertEqual(allOnHidden.row(1), [0, 0])
    }

    func testGivenIsTheRowReceivedTheColumn() {
        let m = AttentionMatrix(rows: AnalysisTestData.head0)
        XCTAssertEqual(m.attention(of: 2, .given), [0.2, 0.3, 0.5])
        XCTAssertEqual(m.attention(of: 2, .received), [0.25, 0.0, 0.5])
        XCTAssertEqual(AttentionDirection.given.toggled, .received)
    }
}

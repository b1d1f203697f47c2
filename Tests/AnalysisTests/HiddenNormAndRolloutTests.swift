import Analysis
import XCTest

final class HiddenNormAndRolloutTests: XCTestCase {
    func testNormsAndChanges() {
        let m = HiddenNormMatrix(AnalysisTestData.output)
        XCTAssertEqual(m.norms.count, 3)
        XCTAssertEqual(m.norms[0], [5, 0, 1])
        XCTAssertEqual(m.norms[1][1], 2)
        XCTAssertEqual(m.changes.count, 2)
        XCTAssertEqual(m.changes[0], [0, 2, 1])
        XCTAssertEqual(m.changes[1], [5, 0, 0])
    }

    func testRolloutOfOneLayerIsTheResidualMatrix() {
        let a = AttentionMatrix(rows: [[0, 1], [1, 0]])
        let r = AttentionRollout.compute([a])
        XCTAssertEqual(r[0].rows, [[0.5, 0.5], [0.5, 0.5]])
        let id = AttentionMatrix(rows: [[1, 0], [0, 1]])
        XCTAssertEqual(AttentionRollout.compute([id, id]).last?.rows, [[1, 0], [0, 1]])
    }

    func testRolloutOfTwoLayersByHand() {
        // Â = 0.5 I + 0.5 A with A = [[1,0],[1,0]] gives [[1,0],[0.5,0.5]]; Â·Â = [[1,0],[0.75,0.25]].
        let a = AttentionMatrix(rows: [[1, 0], [1, 0]])
        let r = AttentionRollout.compute([a, a])
        XCTAssertEqual(r[1].rows, [[1, 0], [0.75, 0.25]])
    }

    func testRolloutRowsSumToOne() {
        let output = AnalysisTestData.random(tokens: 10, layers: 4)
        let r = AttentionRollout.compute(output)
        XCTAssertEqual(r.count, 4)
        for m in r { for row in m.rows { XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-4) } }
    }
}

import Analysis
import XCTest

final class PairFilterTests: XCTestCase {
    // [CLS] a b [SEP] | c [SEP]
    let segments = [0, 0, 0, 0, 1, 1]

    func testSelections() {
        XCTAssertEqual(PairFilter.all.queries(segments), [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(PairFilter.aToB.queries(segments), [0, 1, 2, 3])
        XCTAssertEqual(PairFilter.aToB.keys(segments), [4, 5])
        XCTAssertEqual(PairFilter.bToA.queries(segments), [4, 5])
        XCTAssertEqual(PairFilter.bToA.keys(segments), [0, 1, 2, 3])
        XCTAssertEqual(PairFilter.bToB.keys(segments), [4, 5])
        XCTAssertEqual(PairFilter.boundary(segments), 4)
        XCTAssertNil(PairFilter.boundary([0, 0, 0]))
        XCTAssertEqual(PairFilter.allCases.map { PairFilter(rawValue: $0.rawValue) }, PairFilter.allCases)
    }

    func testMaskKeepsOnlyTheChosenBlock() {
        let matrix = AttentionMatrix(AnalysisTestData.random(tokens: 6), layer: 0, head: 0)
        for filter in PairFilter.allCases {
            let masked = filter.masked(matrix, segments: segments)
            let queries = Set(filter.queries(segments)), keys = Set(filter.keys(segments))
            for q in 0..<6 {
                for k in 0..<6 {
                    XCTAssertEqual(masked[q, k], queries.contains(q) && keys.contains(k) ? matrix[q, k] : 0, "\(filter) \(q),\(k)")
                }
            }
        }
    }
}

import XCTest

/// Comparison with a float64 reference: relative 1e-4, with an absolute floor for values near zero, where a
/// float32 forward pass cannot be relatively exact.
enum ReferenceComparison {
    static let relative = 1e-4
    static let absoluteFloor = 1e-6

    /// `floor` overrides the absolute floor, e.g. for vectors whose components cancel (query/key vectors:
    /// 1e-4 of their largest component).
    static func assertClose(_ actual: [Double], _ expected: [Double], _ what: String, floor: Double = absoluteFloor,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, "\(what): count", file: file, line: line)
        var worst = 0.0, worstIndex = -1
        for (i, (a, e)) in zip(actual, expected).enumerated() {
            let excess = abs(a - e) - (relative * abs(e) + floor)
            if excess > worst { worst = excess; worstIndex = i }
        }
        if worstIndex >= 0 {
            XCTFail("\(what): index \(worstIndex) is \(actual[worstIndex]), reference \(expected[worstIndex])",
                    file: file, line: line)
        }
    }
}

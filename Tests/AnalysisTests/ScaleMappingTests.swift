import Analysis
import XCTest

final class ScaleMappingTests: XCTestCase {
    func testLinearMapsTheRangeToUnitInterval() {
        let s = ScaleMapping(scale: .linear, lower: 0, upper: 0.5)
        XCTAssertEqual(s.position(0), 0)
        XCTAssertEqual(s.position(0.25), 0.5, accuracy: 1e-9)
        XCTAssertEqual(s.position(0.5), 1)
        XCTAssertEqual(s.position(2), 1)
        XCTAssertEqual(s.position(-1), 0)
        XCTAssertEqual(s.value(at: 0.5), 0.25, accuracy: 1e-7)
    }

    func testLogSpacesDecades() {
        let s = ScaleMapping(scale: .log, lower: 0.001, upper: 1)
        XCTAssertEqual(s.position(0.01), 1.0 / 3, accuracy: 1e-6)
        XCTAssertEqual(s.position(0.1), 2.0 / 3, accuracy: 1e-6)
        XCTAssertEqual(s.position(0), 0)
        XCTAssertEqual(s.value(at: 1.0 / 3), 0.01, accuracy: 1e-6)
        let fitted = ScaleMapping.fitted(.log, to: [0, 0.5, 1])
        XCTAssertEqual(fitted.lower, ScaleMapping.logFloor)
    }

    func testGammaLiftsSmallValues() {
        let s = ScaleMapping(scale: .gamma, lower: 0, upper: 1)
        XCTAssertEqual(s.position(0.25), 0.5, accuracy: 1e-9)
        XCTAssertEqual(s.value(at: 0.5), 0.25, accuracy: 1e-7)
    }

    func testFittedRangeAndDegenerateCases() {
        let f = ScaleMapping.fitted(.linear, to: [0.2, 0.7, .nan])
        XCTAssertEqual(f.lower, 0)
        XCTAssertEqual(f.upper, 0.7)
        let g = ScaleMapping.fitted(.linear, to: [3, 5], includingZero: false)
        XCTAssertEqual(g.lower, 3)
        let flat = ScaleMapping(scale: .linear, lower: 1, upper: 1)
        XCTAssertEqual(flat.position(1), 1)
        XCTAssertEqual(flat.position(0), 0)
        let empty = ScaleMapping.fitted(.linear, to: [Float]())
        XCTAssertEqual(empty.upper, 1)
    }

    func testPositionsAreMonotoneAndInRangeOnEveryScale() {
        for scale in ValueScale.allCases {
            let s = ScaleMapping(scale: scale, lower: 0.001, upper: 0.9)
            var last = -1.0
            for i in 0...100 {
                let p = s.position(Float(i) / 100)
                XCTAssertTrue((0...1).contains(p))
                XCTAssertGreaterThanOrEqual(p, last)
                last = p
            }
        }
        XCTAssertEqual(ValueScale.gamma.next, .linear)
    }
}

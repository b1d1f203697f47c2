import TerminalUI
import XCTest

final class ColorRampTests: XCTestCase {
    private let ramps: [ColorRamp] = [.viridis, .magma]

    private func rgb(_ color: TerminalColor) -> RGBColor? {
        switch color {
        case .rgb(let r, let g, let b): return RGBColor(r, g, b)
        case .indexed(let i): return XtermPalette.rgb(of: i)
        case .default: return nil
        }
    }

    func testTruecolorLightnessIncreasesMonotonically() {
        for ramp in ramps {
            var previous = -Double.infinity
            for step in 0...128 {
                let l = try! XCTUnwrap(rgb(ramp.color(at: Double(step) / 128, mode: .truecolor))).lightness
                XCTAssertGreaterThan(l, previous, "\(ramp.name) at \(step)/128")
                previous = l
            }
        }
    }

    func testPaletteLightnessNeverGoesDown() {
        for ramp in ramps {
            var previous = -Double.infinity
            var distinct = Set<TerminalColor>()
            for step in 0...255 {
                let color = ramp.color(at: Double(step) / 255, mode: .palette256)
                distinct.insert(color)
                let l = try! XCTUnwrap(rgb(color)).lightness
                XCTAssertGreaterThanOrEqual(l, previous, "\(ramp.name) at \(step)/255: \(color)")
                previous = max(previous, l)
            }
            XCTAssertGreaterThanOrEqual(distinct.count, 10, "\(ramp.name) uses too few palette colours")
        }
    }

    func testPaletteIndicesStayOutOfTheThemedSixteen() {
        for ramp in ramps {
            for step in -10...266 {
                guard case .indexed(let index) = ramp.color(at: Double(step) / 256, mode: .palette256) else {
                    return XCTFail("\(ramp.name): not indexed")
                }
                XCTAssertTrue((16...255).contains(index), "\(ramp.name) at \(step): \(index)")
            }
        }
    }

    func testEndpointsAndClamping() {
        XCTAssertEqual(ColorRamp.viridis.color(at: 0, mode: .truecolor), .rgb(68, 1, 84))
        XCTAssertEqual(ColorRamp.viridis.color(at: 1, mode: .truecolor), .rgb(253, 231, 37))
        XCTAssertEqual(ColorRamp.magma.color(at: 0, mode: .truecolor), .rgb(0, 0, 4))
        XCTAssertEqual(ColorRamp.magma.color(at: 1, mode: .truecolor), .rgb(252, 253, 191))
        XCTAssertEqual(ColorRamp.viridis.color(at: -3, mode: .truecolor), .rgb(68, 1, 84))
        XCTAssertEqual(ColorRamp.viridis.color(at: 7, mode: .truecolor), .rgb(253, 231, 37))
        XCTAssertEqual(ColorRamp.viridis.color(at: .nan, mode: .truecolor), .rgb(68, 1, 84))
        XCTAssertEqual(ColorRamp.magma.color(at: 0, mode: .palette256), .indexed(16))
        XCTAssertEqual(ColorRamp.magma.color(at: 1, mode: .palette256), .indexed(229))
        XCTAssertEqual(ColorRamp.viridis.color(at: 1, mode: .palette256), .indexed(220))
        XCTAssertEqual(ColorRamp.viridis.color(at: 0.5, mode: .none), .default)
    }

    func testShadeGlyphs() {
        XCTAssertEqual(ColorRamp.shade(at: 0), " ")
        XCTAssertEqual(ColorRamp.shade(at: 0.3), "░")
        XCTAssertEqual(ColorRamp.shade(at: 0.5), "▒")
        XCTAssertEqual(ColorRamp.shade(at: 0.7), "▓")
        XCTAssertEqual(ColorRamp.shade(at: 1), "█")
        XCTAssertEqual(ColorRamp.shade(at: 2), "█")
        XCTAssertEqual(ColorRamp.shade(at: -1), " ")
        XCTAssertEqual(ColorRamp.shade(at: .nan), " ")
    }

    func testXtermPaletteColours() {
        XCTAssertEqual(XtermPalette.rgb(of: 16), RGBColor(0, 0, 0))
        XCTAssertEqual(XtermPalette.rgb(of: 196), RGBColor(255, 0, 0))
        XCTAssertEqual(XtermPalette.rgb(of: 231), RGBColor(255, 255, 255))
        XCTAssertEqual(XtermPalette.rgb(of: 232), RGBColor(8, 8, 8))
        XCTAssertEqual(XtermPalette.rgb(of: 255), RGBColor(238, 238, 238))
        XCTAssertEqual(XtermPalette.nearestIndex(to: RGBColor(255, 0, 0)), 196)
        XCTAssertEqual(XtermPalette.nearestIndex(to: RGBColor(128, 128, 128)), 244)
    }
}

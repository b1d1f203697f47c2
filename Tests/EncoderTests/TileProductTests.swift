import CEncoderKernels
import Foundation
import SeededRandom
import XCTest

/// The AMX product on weight panels (`bx_amx_gemm_panels`), which the `amx` backend runs from
/// `PanelElement.tileMinimumRows` rows: float32-level accuracy against a float64 product for every panel element,
/// at sizes with partial tiles, row blocks and panels; and the same bits whichever pieces the rows and panels are
/// cut into (the pool runs pieces on any thread).
final class TileProductTests: XCTestCase {
    private struct Case {
        let m: Int, n: Int, k: Int
        let a: [Float]
        /// `W[k, n]` as the panels `bx_gemm_packed` reads: panel p is `k × 32` row-major, zero past n.
        var panels: [UInt8]
        /// The weights as the element stores them, `w[column][depth]`.
        let weights: [Float]
    }

    /// Whether the kernels can run here: run-time detection must agree with the CPU flags Linux reports (a CPU
    /// without AMX-BF16 must not get the kernels, one with it must), and only then are they called.
    private func tilesRun() -> Bool {
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let listed = flags.contains("amx_bf16")
        if !flags.isEmpty {
            XCTAssertEqual(bx_has_amx() != 0, listed, "run-time AMX detection disagrees with /proc/cpuinfo")
        }
        return bx_has_amx() != 0
    }

    /// As accurate as the float32 AVX-512 kernel on the same panels (within 2x of its error against float64), while
    /// keeping fewer partial products (order 1) is measurably worse: the check can tell a dropped part.
    func testAsAccurateAsFloat32AgainstAFloat64Product() throws {
        guard tilesRun() else { return }
        for element in [BX_ELEMENT_F32, BX_ELEMENT_F16, BX_ELEMENT_BF16] {
            for (m, n, k) in [(33, 70, 100), (64, 32, 1536), (100, 45, 37), (16, 96, 384), (45, 70, 1100)] {
                let item = makeCase(element, m: m, n: n, k: k, seed: UInt64(m * 7919 + n * 31 + k))
                var exact = [Double](repeating: 0, count: m * n)
                for row in 0..<m {
                    for column in 0..<n {
                        for depth in 0..<k { exact[row * n + column] += Double(item.a[row * k + depth]) * Double(item.weights[column * k + depth]) }
                    }
                }
                func error(_ c: [Float]) -> Double { zip(c, exact).map { abs(Double($0) - $1) }.max()! }
                let tiles = error(run(item, element, order: 2, rows: [0..<(m + 15) / 16], panels: [0..<(n + 31) / 32]))
                let float32 = error(packed(item, element))
                let fewer = error(run(item, element, order: 1, rows: [0..<(m + 15) / 16], panels: [0..<(n + 31) / 32]))
                let label = "element \(element.rawValue) m=\(m) n=\(n) k=\(k)"
                XCTAssertLessThanOrEqual(tiles, 2 * float32, "\(label): tile products err \(tiles), float32 kernel \(float32)")
                // A bfloat16 weight is one part, so order 1 drops only the input's third part (2⁻¹⁸ of it), too
                // little to show at every size.
                if element != BX_ELEMENT_BF16 {
                    XCTAssertGreaterThan(fewer, 4 * float32, "\(label): order 1 err \(fewer) should show")
                }
            }
        }
    }

    func testPiecesOfRowsAndPanelsGiveTheSameBits() throws {
        guard tilesRun() else { return }
        for element in [BX_ELEMENT_F32, BX_ELEMENT_F16] {
            let item = makeCase(element, m: 100, n: 130, k: 700, seed: 11)  // two chunks of depths
            let whole = run(item, element, order: 2, rows: [0..<7], panels: [0..<5])
            let pieces = run(item, element, order: 2, rows: [0..<2, 2..<5, 5..<7], panels: [0..<1, 1..<4, 4..<5])
            XCTAssertEqual(whole, pieces, "element \(element.rawValue)")
        }
    }

    /// A bias starts every row's accumulators once, also in a last panel that is only partly inside n and with
    /// depths in three chunks (the partial tiles of C carried from one chunk to the next).
    func testBiasIsAddedToEveryRow() throws {
        guard tilesRun() else { return }
        let item = makeCase(BX_ELEMENT_F16, m: 40, n: 70, k: 1100, seed: 3)
        let bias = (0..<70).map { Float($0) - 20.5 }
        let plain = run(item, BX_ELEMENT_F16, order: 2, rows: [0..<3], panels: [0..<3])
        let biased = run(item, BX_ELEMENT_F16, order: 2, rows: [0..<3], panels: [0..<3], bias: bias)
        for row in 0..<40 {
            for column in 0..<70 {
                let expected = plain[row * 70 + column] + bias[column]
                // Starting from the bias rounds the running sums at its magnitude (up to 49.5 here); a bias added
                // twice, or missed, would be off by at least 0.5.
                let tolerance = 2e-5 * max(1, abs(expected), abs(bias[column]))
                XCTAssertEqual(biased[row * 70 + column], expected, accuracy: tolerance, "row \(row) column \(column)")
            }
        }
    }

    /// An infinite or NaN weight sends its rows and panels back to AVX-512 (-2): a tile product multiplies every
    /// input part by it, and inf × a part equal to 0 (an input exact in bfloat16 has lo = lo₂ = 0) is NaN where the
    /// float32 product is ±inf.
    func testPanelsWithNonFiniteWeightsAreLeftToAVX512() throws {
        guard tilesRun() else { return }
        for element in [BX_ELEMENT_F32, BX_ELEMENT_F16, BX_ELEMENT_BF16] {
            for value in [Float.infinity, -.infinity, .nan] {
                var item = makeCase(element, m: 32, n: 40, k: 64, seed: 5)
                let column = 39, depth = 5, index = (column / 32) * 64 * 32 + depth * 32 + column % 32
                let bits: [UInt8] = switch element {
                case BX_ELEMENT_F16: withUnsafeBytes(of: Float16(value).bitPattern.littleEndian) { Array($0) }
                case BX_ELEMENT_BF16: withUnsafeBytes(of: UInt16(value.bitPattern >> 16).littleEndian) { Array($0) }
                default: withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
                }
                item.panels.replaceSubrange(index * bits.count..<(index + 1) * bits.count, with: bits)
                let split = UnsafeMutableRawPointer.allocate(byteCount: bx_amx_split_bytes(32, 64, 3), alignment: 64)
                defer { split.deallocate() }
                item.a.withUnsafeBufferPointer { bx_amx_split(32, 64, $0.baseAddress, 64, 3, 0, 2, split) }
                var c = [Float](repeating: 0, count: 32 * 40)
                let status = item.panels.withUnsafeBytes { weights in
                    c.withUnsafeMutableBufferPointer { bx_amx_gemm_panels(element, 32, 40, 64, split, 2, weights.baseAddress, 0, 2, 0, 2, nil, $0.baseAddress, 40) }
                }
                XCTAssertEqual(status, -2, "element \(element.rawValue), weight \(value)")
            }
        }
    }

    private func makeCase(_ element: bx_element, m: Int, n: Int, k: Int, seed: UInt64) -> Case {
        var random = SeededGenerator(seed: seed)
        func uniform() -> Float { Float.random(in: -1...1, using: &random) }
        let a = (0..<m * k).map { _ in uniform() * (Bool.random(using: &random) ? 1 : 30) }
        let stored: [Float] = (0..<n * k).map { _ in
            let value = uniform() * 0.2
            switch element {
            case BX_ELEMENT_F16: return Float(Float16(value))
            case BX_ELEMENT_BF16: return Float(bitPattern: value.bitPattern & 0xFFFF_0000)
            default: return value
            }
        }
        let panelCount = (n + 31) / 32
        let size = element == BX_ELEMENT_F32 ? 4 : 2
        var panels = [UInt8](repeating: 0, count: panelCount * k * 32 * size)
        for column in 0..<n {
            for depth in 0..<k {
                let index = (column / 32) * k * 32 + depth * 32 + column % 32
                let value = stored[column * k + depth]
                switch element {
                case BX_ELEMENT_F16:
                    withUnsafeBytes(of: Float16(value).bitPattern.littleEndian) { panels.replaceSubrange(index * 2..<index * 2 + 2, with: $0) }
                case BX_ELEMENT_BF16:
                    withUnsafeBytes(of: UInt16(value.bitPattern >> 16).littleEndian) { panels.replaceSubrange(index * 2..<index * 2 + 2, with: $0) }
                default:
                    withUnsafeBytes(of: value.bitPattern.littleEndian) { panels.replaceSubrange(index * 4..<index * 4 + 4, with: $0) }
                }
            }
        }
        return Case(m: m, n: n, k: k, a: a, panels: panels, weights: stored)
    }

    /// C from `bx_amx_gemm_panels` (input in `order + 1` parts) run once per (row blocks, panels) piece.
    private func run(_ item: Case, _ element: bx_element, order: Int, rows: [Range<Int>], panels: [Range<Int>],
                     bias: [Float]? = nil) -> [Float] {
        let m = item.m, n = item.n, k = item.k, rowBlocks = (m + 15) / 16
        let split = UnsafeMutableRawPointer.allocate(byteCount: bx_amx_split_bytes(m, k, order + 1), alignment: 64)
        defer { split.deallocate() }
        item.a.withUnsafeBufferPointer { bx_amx_split(m, k, $0.baseAddress, k, order + 1, 0, rowBlocks, split) }
        var c = [Float](repeating: .nan, count: m * n)
        item.panels.withUnsafeBytes { weights in
            c.withUnsafeMutableBufferPointer { out in
                for rowPiece in rows {
                    for panelPiece in panels {
                        let status = (bias ?? []).withUnsafeBufferPointer { values in
                            bx_amx_gemm_panels(element, m, n, k, split, order, weights.baseAddress, rowPiece.lowerBound,
                                               rowPiece.upperBound, panelPiece.lowerBound, panelPiece.upperBound,
                                               bias == nil ? nil : values.baseAddress, out.baseAddress, n)
                        }
                        XCTAssertEqual(status, 0)
                    }
                }
            }
        }
        return c
    }

    /// C from the float32 AVX-512 kernel on the same panels.
    private func packed(_ item: Case, _ element: bx_element) -> [Float] {
        var c = [Float](repeating: .nan, count: item.m * item.n)
        item.panels.withUnsafeBytes { weights in
            c.withUnsafeMutableBufferPointer { out in
                item.a.withUnsafeBufferPointer { a in
                    bx_gemm_packed(element, item.m, item.n, item.k, a.baseAddress, item.k, weights.baseAddress, 0,
                                   (item.n + 31) / 32, out.baseAddress, item.n)
                }
            }
        }
        return c
    }
}

import CEncoderKernels
import Foundation
import SeededRandom
import XCTest

/// The AVX-512 packed product against a plain loop at every row count from 1 to 40 (every tile size the kernel
/// splits rows into) and a partial last panel: each output is the same chain of fused multiply-adds in k order (plus
/// the bias, when one is given, added at the end), so the results must be equal to the bit.
final class PackedProductTests: XCTestCase {
    func testEveryRowCountMatchesAPlainLoopExactly() throws {
        // The kernel runs only where detection finds AVX-512, and detection must agree with the CPU flags Linux lists.
        if let flags = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) {
            let listed = ["avx512f", "avx512bw", "avx512vl", "avx512dq"].allSatisfy { flags.contains(" \($0) ") }
            XCTAssertEqual(bx_has_avx512() != 0, listed, "run-time AVX-512 detection disagrees with /proc/cpuinfo")
        }
        guard bx_has_avx512() != 0 else { return }
        let k = 37, n = 45, panels = (n + 31) / 32
        var random = SeededGenerator(seed: 11)
        let a = (0..<(40 * k)).map { _ in Float.random(in: -1...1, using: &random) }
        let bias = (0..<n).map { _ in Float.random(in: -1...1, using: &random) }
        // Weights that float16 holds exactly, so one set serves both element types.
        let w = (0..<(k * n)).map { _ in Float(Float16(Float.random(in: -1...1, using: &random))) }
        var f32 = [Float](repeating: 0, count: panels * k * 32), f16 = [UInt16](repeating: 0, count: panels * k * 32)
        for row in 0..<k {
            for column in 0..<n {
                let index = (column / 32) * k * 32 + row * 32 + column % 32
                f32[index] = w[row * n + column]
                f16[index] = Float16(w[row * n + column]).bitPattern
            }
        }
        for m in 1...40 {
            var expected = [Float](repeating: 0, count: m * n)
            for row in 0..<m {
                for column in 0..<n {
                    var sum: Float = 0
                    for p in 0..<k { sum = sum.addingProduct(a[row * k + p], w[p * n + column]) }
                    expected[row * n + column] = sum
                }
            }
            for (name, element, packed) in [("float32", BX_ELEMENT_F32, f32.withUnsafeBytes { Data($0) }),
                                            ("float16", BX_ELEMENT_F16, f16.withUnsafeBytes { Data($0) })] {
                var c = [Float](repeating: .nan, count: m * n), biased = c
                packed.withUnsafeBytes { bytes in
                    bx_gemm_packed(element, m, n, k, a, k, bytes.baseAddress, 0, panels, &c, n)
                    bx_gemm_packed_bias(element, m, n, k, a, k, bytes.baseAddress, 0, panels, bias, &biased, n)
                }
                XCTAssertEqual(c, expected, "\(name), \(m) rows")
                XCTAssertEqual(biased, expected.indices.map { expected[$0] + bias[$0 % n] }, "\(name), \(m) rows, bias")
            }
        }
    }
}

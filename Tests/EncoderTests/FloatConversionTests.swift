import Encoder
import XCTest

/// Rounding to bfloat16 (the `amx-bf16` weights) as PyTorch rounds: `torch.tensor([x]).to(torch.bfloat16)`,
/// whose bits (torch 2.x) are the expected values here.
final class FloatConversionTests: XCTestCase {
    func testBFloat16RoundsToNearestEvenAsTorchDoes() {
        let cases: [(Float, UInt16)] = [
            (1.0, 0x3F80), (1.00390625, 0x3F80), (1.01171875, 0x3F82), (-2.5, 0xC020), (0.1, 0x3DCD),
            (3.0e38, 0x7F62), (3.4e38, 0x7F80), (.infinity, 0x7F80), (-.infinity, 0xFF80), (1e-40, 0x0001),
            (-0.0, 0x8000), (65504, 0x4780),
        ]
        for (value, bits) in cases {
            XCTAssertEqual(FloatConversion.bfloat16(value), bits, "\(value)")
        }
        XCTAssertTrue(Float(bitPattern: UInt32(FloatConversion.bfloat16(.nan)) << 16).isNaN)
    }
}

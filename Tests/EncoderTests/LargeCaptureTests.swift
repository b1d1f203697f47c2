import CEncoderKernels
import Encoder
import XCTest

/// Captures bigger than malloc's heap blocks (the attentions of a long pass) live in huge-page mappings.
final class LargeCaptureTests: XCTestCase {
    func testLargeStackKeepsItsValuesInAHugePageMapping() {
        // 2 × 9.5 M floats = 76 MB, like the attentions of a 512-token MiniLM pass: above any mmap threshold.
        let size = 9_500_000
        let layers = (0..<2).map { layer in (0..<size).map { Float($0 % 1_000) + Float(layer) * 0.5 } }
        let stack = LayerStack(layers)
        XCTAssertEqual(stack.count, 2)
        XCTAssertEqual(stack[1][size - 1], Float((size - 1) % 1_000) + 0.5)
        XCTAssertTrue(stack[0].elementsEqual(layers[0]))
        XCTAssertTrue(stack[1].elementsEqual(layers[1]))
        #if os(Linux)
        stack.withUnsafeBufferPointer { floats in
            let address = UInt(bitPattern: floats.baseAddress)
            XCTAssertEqual(address % (2 << 20), 0, "a huge-page mapping starts on a 2 MiB boundary")
        }
        #endif
    }

    #if os(Linux)
    func testFreedMappingServesTheNextLargeStackOnceFreedMemoryIsKept() {
        bx_keep_freed_memory()
        let size = 9_500_000
        func address(_ stack: LayerStack) -> UInt { stack.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } }
        var first: LayerStack? = LayerStack([[Float](repeating: 1, count: size), [Float](repeating: 2, count: size)])
        let firstAddress = address(first!)
        first = nil
        let second = LayerStack([[Float](repeating: 3, count: size), [Float](repeating: 4, count: size)])
        XCTAssertEqual(address(second), firstAddress, "the freed mapping is reused")
        XCTAssertTrue(second[0].allSatisfy { $0 == 3 } && second[1].allSatisfy { $0 == 4 })
        // A stack still held is never handed out again.
        let third = LayerStack([[Float](repeating: 5, count: size), [Float](repeating: 6, count: size)])
        XCTAssertNotEqual(address(third), address(second))
        XCTAssertTrue(second[0].allSatisfy { $0 == 3 } && third[1].allSatisfy { $0 == 6 })
    }
    #endif
}

import Encoder
import Foundation
import TestSupport
import XCTest

/// `forward(stack:)` and `forward(batch:)` give, per sequence, what one-at-a-time passes give.
final class BatchForwardTests: XCTestCase {
    private static func model(_ backend: KernelBackend) throws -> BertModel {
        try BertModel.load(directory: Fixtures.url("encoder/models/tiny-base"), backend: backend)
    }

    private static func input(length: Int, seed: Int, pair: Bool = false) -> (ids: [Int], segments: [Int]) {
        (ids: (0..<length).map { (17 * $0 + 5 * seed + 1) % 300 }, segments: (0..<length).map { pair && $0 >= length / 2 ? 1 : 0 })
    }

    /// Same floats as the single pass on AVX-512, whose products compute each row alike whatever rows are around
    /// it; elsewhere a stack's row count may pick another kernel (AMX from 32 rows) or blocking (OpenBLAS), so
    /// within float32 rounding.
    private func assertMatches(_ a: LayerStack, _ b: LayerStack, backend: KernelBackend, tolerance: Float,
                               _ label: String) {
        XCTAssertEqual(a.count, b.count, label)
        XCTAssertEqual(a.layerSize, b.layerSize, label)
        if backend == .avx512 {
            XCTAssertEqual(a, b, label)
        } else {
            XCTAssertLessThanOrEqual(ParityTests.maxDifference(a.flatMap { $0 }, b.flatMap { $0 }), tolerance, label)
        }
    }

    func testBatchMatchesOneAtATimeOnEveryBackend() throws {
        for backend in KernelBackend.available {
            let model = try Self.model(backend)
            // 279 rows: stacks of several short sentences and of one long one.
            let inputs = (0..<9).map { Self.input(length: 3 + 7 * $0, seed: $0) }
            let batched = try model.forward(batch: inputs)
            XCTAssertEqual(batched.count, inputs.count)
            for (input, output) in zip(inputs, batched) {
                let single = try model.forward(ids: input.ids, segments: input.segments)
                let label = "\(backend) \(input.ids.count) tokens"
                XCTAssertEqual(output.tokens, input.ids.count)
                assertMatches(output.attentions, single.attentions, backend: backend, tolerance: 1e-5, label)
                assertMatches(output.hiddenStates, single.hiddenStates, backend: backend, tolerance: 1e-4, label)
            }
            // One input is one stack: the very pass `forward` makes (`classify` and `predict` rely on it).
            let alone = try model.forward(batch: [inputs[8]])[0], single = try model.forward(ids: inputs[8].ids, segments: inputs[8].segments)
            XCTAssertEqual(alone.hiddenStates, single.hiddenStates, "\(backend) batch of one")
            XCTAssertEqual(alone.attentions, single.attentions, "\(backend) batch of one")
            XCTAssertThrowsError(try model.forward(batch: [inputs[0], (ids: [], segments: [])])) { error in
                XCTAssertEqual("\(error)", "no tokens to encode")
            }
            XCTAssertEqual(try model.forward(batch: []).count, 0)
        }
    }

    func testStackKeepsEachSequenceApartWithEveryCapture() throws {
        for backend in KernelBackend.available {
            let model = try Self.model(backend)
            let inputs = [Self.input(length: 5, seed: 1), Self.input(length: 40, seed: 2, pair: true),
                          Self.input(length: 1, seed: 3), Self.input(length: 33, seed: 4, pair: true)]
            for capture in [CaptureOptions.everything, .lastHiddenState, CaptureOptions(attentions: true, hiddenStates: .none)] {
                let stacked = try model.forward(stack: inputs, capture: capture)
                XCTAssertEqual(stacked.count, inputs.count)
                for (input, output) in zip(inputs, stacked) {
                    let single = try model.forward(ids: input.ids, segments: input.segments, capture: capture)
                    let label = "\(backend) \(input.ids.count) tokens \(capture)"
                    XCTAssertEqual(output.tokens, input.ids.count, label)
                    XCTAssertEqual(output.hiddenStateLayers, single.hiddenStateLayers, label)
                    XCTAssertNil(output.firstNonFiniteLayer, label)
                    assertMatches(output.attentions, single.attentions, backend: backend, tolerance: 1e-5, label)
                    assertMatches(output.hiddenStates, single.hiddenStates, backend: backend, tolerance: 1e-4, label)
                    assertMatches(output.queries, single.queries, backend: backend, tolerance: 1e-4, label)
                    assertMatches(output.keys, single.keys, backend: backend, tolerance: 1e-4, label)
                    assertMatches(output.values, single.values, backend: backend, tolerance: 1e-4, label)
                    assertMatches(output.valueNorms, single.valueNorms, backend: backend, tolerance: 1e-4, label)
                }
            }
        }
    }

    func testStackReportsTheFirstBadInputAndCancellation() throws {
        let model = try Self.model(.blas)
        XCTAssertEqual(try model.forward(stack: []).count, 0)
        let good = Self.input(length: 4, seed: 0)
        XCTAssertThrowsError(try model.forward(stack: [good, (ids: [1, 99_999], segments: [0, 0]), (ids: [], segments: [])])) {
            XCTAssertEqual("\($0)", "token id 99999 is outside the vocabulary (size \(model.config.vocabSize))")
        }
        XCTAssertThrowsError(try model.forward(stack: [good, good], isCancelled: { true })) {
            XCTAssertTrue($0 is CancellationError)
        }
    }
}

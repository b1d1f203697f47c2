import Encoder
import Foundation
import TestSupport
import XCTest

/// Attention of the bundled model at lengths past the fixtures' (several strips of query rows, rows that end
/// mid-vector), on every backend: the captured probabilities against a float64 softmax of the captured queries
/// and keys, and the last hidden state against the BLAS backend (an independent product and softmax).
final class LongInputAttentionTests: XCTestCase {
    func testLongInputsMatchAFloat64SoftmaxAndTheBLASBackend() throws {
        for t in [77, 300] {
            // [CLS], ids spread over the vocabulary, [SEP].
            let ids = [101] + (0..<(t - 2)).map { 1_000 + ($0 * 7_919) % 20_000 } + [102]
            let segments = [Int](repeating: 0, count: t)
            let blas = try BertModel.load(directory: Fixtures.bundledModel, backend: .blas)
                .forward(ids: ids, segments: segments, capture: .lastHiddenState).hiddenStates[0]
            for backend in KernelBackend.available {
                let model = try BertModel.load(directory: Fixtures.bundledModel, backend: backend)
                let output = try model.forward(ids: ids, segments: segments, capture: .everything)
                let label = "\(backend) T=\(t)"
                XCTAssertLessThanOrEqual(worstProbability(output), 1e-5, label)
                let last = output.hiddenStates[output.layers]
                let scale = blas.map(abs).max()!
                let hidden = zip(last, blas).map { abs($0 - $1) }.max()! / scale
                XCTAssertLessThanOrEqual(hidden, 1e-4, "\(label) last hidden state relative to BLAS")
                // Without captured attentions the kernels skip writing the probabilities: the same states.
                let lean = try model.forward(ids: ids, segments: segments, capture: .lastHiddenState)
                XCTAssertEqual(Array(lean.hiddenStates[0]), Array(last), label)
            }
        }
    }

    /// Largest |captured − float64 softmax(q·k/√d)| over layers 0 and 5, every head, every 11th query.
    private func worstProbability(_ output: EncoderOutput) -> Double {
        let t = output.tokens, scale = 1 / Double(output.headSize).squareRoot()
        var worst = 0.0
        for layer in [0, output.layers - 1] {
            for head in 0..<output.heads {
                let keys = (0..<t).map { Array(output.vector(output.keys, layer: layer, head: head, token: $0)).map(Double.init) }
                for query in stride(from: 0, to: t, by: 11) {
                    let q = Array(output.vector(output.queries, layer: layer, head: head, token: query)).map(Double.init)
                    let scores = keys.map { key in zip(q, key).reduce(0.0) { $0 + $1.0 * $1.1 } * scale }
                    let top = scores.max()!, exps = scores.map { Foundation.exp($0 - top) }, sum = exps.reduce(0, +)
                    for key in 0..<t {
                        let captured = Double(output.attention(layer: layer, head: head, query: query, key: key))
                        worst = max(worst, abs(exps[key] / sum - captured))
                    }
                }
            }
        }
        return worst
    }
}

import Encoder
import Foundation
import TestSupport
import XCTest

/// `forward(…, capture:)`: what is kept, and the opt-in query/key/value and value-norm captures against
/// `transformers` (references written by `make_encoder_fixtures.py`).
final class CaptureTests: XCTestCase {
    private func load(_ name: String) throws -> BertModel {
        try BertModel.load(directory: Fixtures.url("encoder/models/\(name)"))
    }

    func testCaptureOptionsKeepOnlyWhatIsAsked() throws {
        let model = try load("tiny-base")
        let ids = [2, 40, 41, 42, 3], segments = [0, 0, 0, 0, 0]
        let standard = try model.forward(ids: ids, segments: segments)
        XCTAssertEqual(standard.attentions.count, 3)
        XCTAssertEqual(standard.hiddenStates.count, 4)
        XCTAssertEqual(standard.hiddenStateLayers, 0..<4)
        XCTAssertTrue(standard.queries.isEmpty && standard.valueNorms.isEmpty)

        let last = try model.forward(ids: ids, segments: segments, capture: .lastHiddenState)
        XCTAssertTrue(last.attentions.isEmpty)
        XCTAssertEqual(last.hiddenStateLayers, 3..<4)
        XCTAssertEqual(last.hiddenStates.count, 1)
        XCTAssertEqual(last.hiddenStates[0], standard.hiddenStates[3])

        let attentionOnly = try model.forward(ids: ids, segments: segments,
                                              capture: CaptureOptions(attentions: true, hiddenStates: .none))
        XCTAssertTrue(attentionOnly.hiddenStates.isEmpty)
        XCTAssertEqual(attentionOnly.attentions, standard.attentions)
        attentionOnly.attentions.withUnsafeBufferPointer { XCTAssertEqual($0.count, 3 * 4 * 5 * 5, "one contiguous buffer") }
    }

    func testQueryKeyValueAndValueNormsMatchTransformers() throws {
        let root = Fixtures.url("encoder")
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("index.json")))
        let models = try XCTUnwrap((index as? [String: Any])?["models"] as? [String: [String: Any]])
        let captured = models.filter { $0.value["capture"] != nil }.keys.sorted()
        XCTAssertEqual(captured, ["tiny-base", "tiny-bf16-relu", "tiny-distilbert-f32", "tiny-electra-f32", "tiny-mlm-f16"])
        // On every backend: the value norms unpack the output projection from the backend's own layout.
        for backend in KernelBackend.available {
        for name in captured {
            let entry = try XCTUnwrap(models[name]), capture = try XCTUnwrap(entry["capture"] as? [String: Any])
            let cases = try XCTUnwrap(entry["cases"] as? [[String: Any]])
            let reference = cases[try XCTUnwrap(capture["case"] as? Int)]
            let ids = try XCTUnwrap(reference["ids"] as? [Int]), segments = try XCTUnwrap(reference["segments"] as? [Int])
            let model = try BertModel.load(directory: Fixtures.url("encoder/models/\(name)"), backend: backend)
            let output = try model.forward(ids: ids, segments: segments, capture: .everything)
            let floats = try ReferenceCase.floats(root.appendingPathComponent("reference/\(try XCTUnwrap(capture["file"] as? String))"))
            let vectors = output.layers * output.heads * output.tokens * output.headSize
            XCTAssertEqual(floats.count, 3 * vectors + output.layers * output.heads * output.tokens, name)
            guard floats.count == 3 * vectors + output.layers * output.heads * output.tokens else { continue }
            for (part, stack) in [output.queries, output.keys, output.values].enumerated() {
                let expected = floats[(part * vectors)..<((part + 1) * vectors)]
                let worst = zip(stack.flatMap { $0 }, expected).map { abs($0 - $1) }.max() ?? .infinity
                XCTAssertLessThanOrEqual(worst, 1e-4, "\(name) \(["queries", "keys", "values"][part])")
            }
            let norms = floats[(3 * vectors)...]
            let worstNorm = zip(output.valueNorms.flatMap { $0 }, norms).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .infinity
            XCTAssertLessThanOrEqual(worstNorm, 1e-4, "\(name) value norms")
            print("capture \(backend) \(name): value norm max relative diff \(worstNorm)")
        }
        }
    }

    /// The captured vectors are the ones attention used: softmax(q·k/√d) row by row is the attention map.
    func testCapturedQueriesAndKeysReproduceAttention() throws {
        let model = try load("tiny-f32-tinybert-shape")
        let ids = [2, 50, 51, 52, 53, 54, 3]
        let output = try model.forward(ids: ids, segments: Array(repeating: 0, count: ids.count), capture: .everything)
        let scale = 1 / Float(output.headSize).squareRoot()
        var worst: Float = 0
        for layer in 0..<output.layers {
            for head in 0..<output.heads {
                for query in 0..<output.tokens {
                    let q = output.vector(output.queries, layer: layer, head: head, token: query)
                    let scores = (0..<output.tokens).map { key in
                        zip(q, output.vector(output.keys, layer: layer, head: head, token: key)).map { $0 * $1 }.reduce(0, +) * scale
                    }
                    let top = scores.max() ?? 0, exps = scores.map { exp($0 - top) }, sum = exps.reduce(0, +)
                    for key in 0..<output.tokens {
                        worst = max(worst, abs(exps[key] / sum - output.attention(layer: layer, head: head, query: query, key: key)))
                    }
                }
            }
        }
        XCTAssertLessThanOrEqual(worst, 1e-5)
        XCTAssertEqual(output.valueNorms.layerSize, output.heads * output.tokens)
        XCTAssertGreaterThan(output.valueNorm(layer: 0, head: 1, token: 2), 0)
    }
}

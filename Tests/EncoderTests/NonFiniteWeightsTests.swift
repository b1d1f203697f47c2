import Encoder
import Foundation
import TestSupport
import XCTest

/// A NaN or an infinity in a weight propagates as in Hugging Face `transformers` (outputs stored by
/// `make_nonfinite_fixtures.py`), on every backend: NaN where PyTorch has NaN, never a masked row of zeros.
final class NonFiniteWeightsTests: XCTestCase {
    func testNonFiniteWeightsPropagateAsInTransformers() throws {
        let (root, cases, source) = try Self.fixtures()
        XCTAssertEqual(cases.count, 6)
        for backend in KernelBackend.available {
            for item in cases {
                let model = try patchedModel(item, source: source, backend: backend)
                let ids = item["ids"] as! [Int]
                let output = try model.forward(ids: ids, segments: [Int](repeating: 0, count: ids.count))
                let label = "\(backend) \(item["file"] as! String)"
                let (attentions, hidden) = try reference(root.appendingPathComponent(item["file"] as! String), output: output)
                compare(output.attentions.flatMap { $0 }, attentions, label: label + " attentions", against: "transformers")
                compare(output.hiddenStates.flatMap { $0 }, hidden, label: label + " hidden states", against: "transformers")
                XCTAssertEqual(output.firstNonFiniteLayer, item["first_non_finite_layer"] as? Int, label)
            }
        }
    }

    /// At 48 tokens (where `amx` runs tile products; panels holding a non-finite weight go to AVX-512, see
    /// `TileProductTests`) NaN and infinities propagate on every backend exactly as through BLAS's float32 products.
    func testLongInputsKeepNonFiniteValuesAsBLASDoes() throws {
        let (_, cases, source) = try Self.fixtures()
        for item in cases {
            let short = item["ids"] as! [Int]
            let ids = (0..<48).map { short[$0 % short.count] }
            let segments = [Int](repeating: 0, count: ids.count)
            let reference = try patchedModel(item, source: source, backend: .blas).forward(ids: ids, segments: segments)
            for backend in KernelBackend.available where backend != .blas {
                let output = try patchedModel(item, source: source, backend: backend).forward(ids: ids, segments: segments)
                let label = "\(backend) \(item["file"] as! String) T=48"
                compare(output.attentions.flatMap { $0 }, reference.attentions.flatMap { $0 }, label: label + " attentions", against: "blas")
                compare(output.hiddenStates.flatMap { $0 }, reference.hiddenStates.flatMap { $0 }, label: label + " hidden states", against: "blas")
                XCTAssertEqual(output.firstNonFiniteLayer, reference.firstNonFiniteLayer, label)
            }
        }
    }

    /// The fixture directory, its cases and the model they patch.
    private static func fixtures() throws -> (root: URL, cases: [[String: Any]], source: URL) {
        let root = Fixtures.url("encoder-nonfinite")
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("index.json"))) as! [String: Any]
        return (root, index["cases"] as! [[String: Any]], Fixtures.url("encoder/" + (index["model"] as! String)))
    }

    /// A copy of `source` with the case's value written over one weight, loaded on `backend`.
    private func patchedModel(_ item: [String: Any], source: URL, backend: KernelBackend) throws -> BertModel {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nonfinite-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        let value: Float = ["nan": .nan, "inf": .infinity, "-inf": -.infinity][item["value"] as! String]!
        try SafeTensorsPatch.write(value, tensor: item["tensor"] as! String, element: item["element"] as! Int,
                                   in: directory.appendingPathComponent("model.safetensors"))
        return try BertModel.load(directory: directory, backend: backend)
    }

    func testFiniteOutputHasNoNonFiniteLayer() throws {
        let model = try BertModel.load(directory: Fixtures.url("encoder/models/tiny-base"))
        XCTAssertNil(try model.forward(ids: [5, 6, 7], segments: [0, 0, 0]).firstNonFiniteLayer)
    }

    private func reference(_ url: URL, output: EncoderOutput) throws -> (attentions: [Float], hidden: [Float]) {
        let data = try Data(contentsOf: url)
        let floats = data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        let split = output.layers * output.heads * output.tokens * output.tokens
        XCTAssertEqual(floats.count, split + (output.layers + 1) * output.tokens * output.hiddenSize)
        return (Array(floats[..<split]), Array(floats[split...]))
    }

    /// Same NaN positions, same infinities, finite values within the parity tolerance.
    private func compare(_ ours: [Float], _ theirs: [Float], label: String, against reference: String) {
        XCTAssertEqual(ours.count, theirs.count, label)
        var mismatches = 0, worst: Float = 0
        for (x, y) in zip(ours, theirs) {
            if x.isNaN || y.isNaN || x.isInfinite || y.isInfinite {
                if !(x.isNaN && y.isNaN) && x != y { mismatches += 1 }
            } else {
                worst = max(worst, abs(x - y))
            }
        }
        XCTAssertEqual(mismatches, 0, "\(label): non-finite values differ from \(reference)")
        XCTAssertLessThanOrEqual(worst, 1e-3, label)
    }
}

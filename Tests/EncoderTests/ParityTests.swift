import Encoder
import Foundation
import TestSupport
import XCTest

/// Compares the forward pass with Hugging Face `transformers` outputs stored by `make_encoder_fixtures.py`, on
/// every kernel backend this machine can run.
final class ParityTests: XCTestCase {
    func testMatchesTransformersOnEveryFixtureModelAndBackend() throws {
        XCTAssertTrue(KernelBackend.available.contains(.blas))
        // The run-time checks must find what the kernel reports, or a backend would silently go untested.
        let flags = Self.cpuFlags()
        if ["avx512f", "avx512bw", "avx512vl", "avx512dq"].allSatisfy(flags.contains) {
            XCTAssertTrue(KernelBackend.available.contains(.avx512))
        }
        if ["amx_tile", "amx_bf16", "avx512_bf16", "avx512f"].allSatisfy(flags.contains) {
            XCTAssertTrue(KernelBackend.available.contains(.amx))
        }
        for backend in KernelBackend.available {
            try checkParity(backend: backend)
        }
    }

    private func checkParity(backend: KernelBackend) throws {
        let cases = try ReferenceCase.all()
        XCTAssertGreaterThanOrEqual(cases.count, 20)
        var models: [String: BertModel] = [:]
        var worstAttention: Float = 0, worstHidden: Float = 0
        for reference in cases {
            let model = try models[reference.model] ?? BertModel.load(directory: reference.directory, backend: backend)
            XCTAssertEqual(model.backend, backend)
            models[reference.model] = model
            let output = try model.forward(ids: reference.ids, segments: reference.segments)
            XCTAssertEqual(output.layers, reference.layers)
            XCTAssertEqual(output.heads, reference.heads)
            XCTAssertEqual(output.tokens, reference.tokens)
            XCTAssertEqual(output.hiddenSize, reference.hiddenSize)
            let attention = Self.maxDifference(output.attentions.flatMap { $0 }, reference.attentions)
            let hidden = Self.maxDifference(output.hiddenStates.flatMap { $0 }, reference.hiddenStates)
            let label = "\(backend) \(reference.model) T=\(reference.tokens)"
            print("parity \(label): max |diff| attention \(attention), hidden \(hidden)")
            XCTAssertLessThanOrEqual(attention, 1e-4, "\(label) attention")
            XCTAssertLessThanOrEqual(hidden, 1e-3, "\(label) hidden states")
            worstAttention = max(worstAttention, attention)
            worstHidden = max(worstHidden, hidden)
        }
        print("parity overall \(backend): max |diff| attention \(worstAttention), hidden \(worstHidden)")
    }

    /// The CPU flags Linux reports (empty elsewhere).
    private static func cpuFlags() -> Set<String> {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
        return Set(line.split(separator: " ").map(String.init))
    }

    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        XCTAssertEqual(a.count, b.count)
        var worst: Float = 0
        for (x, y) in zip(a, b) {
            let difference = abs(x - y)
            if !(difference <= worst) { worst = difference.isNaN ? .infinity : difference }
        }
        return worst
    }
}

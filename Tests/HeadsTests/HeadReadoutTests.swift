import Encoder
import Heads
import TestSupport
import XCTest

/// What the explorer shows, computed from the reference hidden states: the same numbers as each head alone.
final class HeadReadoutTests: XCTestCase {
    func testMasksAndSelectedLayersMatchTheReference() throws {
        let model = try XCTUnwrap(HeadReference.load().models["distilbert-mlm-f16"])
        let heads = try ModelHeads.load(directory: HeadReference.directory(model))
        let reference = model.cases[1]  // two [MASK]s, one in each sentence of the pair
        let output = try HeadReference.output(reference, hiddenSize: heads.config.hiddenSize)
        let readout = HeadReadout(heads: heads, output: output, ids: reference.ids, maskID: 4, selected: 3, topK: 5)
        let mlm = try XCTUnwrap(reference.mlm)
        XCTAssertEqual(readout.selectedLayers.map(\.layer), [0, 1, 2])
        for prediction in readout.selectedLayers {
            let want = try XCTUnwrap(mlm.first { $0.layer == prediction.layer && $0.position == 3 })
            XCTAssertEqual(prediction.top.map(\.id), want.ids)
        }
        let maskPositions = reference.ids.indices.filter { reference.ids[$0] == 4 }
        XCTAssertEqual(maskPositions.count, 2)
        XCTAssertEqual(readout.masks.map(\.position), maskPositions)
        for prediction in readout.masks {
            let want = try XCTUnwrap(mlm.first { $0.layer == 2 && $0.position == prediction.position })
            HeadParityTests.assertClose(prediction.top.map(\.probability), want.probabilities, "mask \(prediction.position)")
        }
        XCTAssertNil(readout.sequence)
        XCTAssertNil(readout.tokens)
        XCTAssertNil(readout.replaced)
    }

    func testClassifierAndDiscriminatorReadouts() throws {
        let reference = try HeadReference.load()
        for name in ["electra-discriminator-f32", "electra-seq-f16", "bert-tok-f32"] {
            let model = try XCTUnwrap(reference.models[name])
            let heads = try ModelHeads.load(directory: HeadReference.directory(model))
            let expected = model.cases[0]
            let output = try HeadReference.output(expected, hiddenSize: heads.config.hiddenSize)
            let readout = HeadReadout(heads: heads, output: output, ids: expected.ids, maskID: 4, selected: 1, topK: 5)
            XCTAssertTrue(readout.selectedLayers.isEmpty && readout.masks.isEmpty, name)
            XCTAssertEqual(readout.replaced.map { _ in true }, expected.replaced.map { _ in true }, name)
            if let replaced = expected.replaced { HeadParityTests.assertClose(readout.replaced ?? [], replaced, name) }
            if let probabilities = expected.probabilities {
                HeadParityTests.assertClose(readout.sequence?.probabilities ?? [], probabilities, name)
            }
            if let probabilities = expected.token_probabilities {
                XCTAssertEqual(readout.tokens?.count, probabilities.count, name)
            }
        }
    }
}

import Analysis
import Encoder
import XCTest

final class WordAndNormTests: XCTestCase {
    /// Word-level attention (sum to a word, mean from a word) against transformers' attention merged in float64;
    /// the encoder's captured value-output norms ‖f_h(x_j)‖ and the norm-based attention α_ij‖f_h(x_j)‖ built from
    /// them against the float64 reference.
    func testWordAndNormAttentionMatchTheFloat64Reference() throws {
        let reference = try AnalysisReference.load()
        var checked = 0
        for (name, model) in reference.models {
            let bert = try BertModel.load(directory: model.directory)
            for (number, item) in model.cases.enumerated() {
                let output = try bert.forward(ids: item.ids, segments: item.segments, capture: .everything)
                let norms = try XCTUnwrap(ValueNorms(output))
                ReferenceComparison.assertClose(norms.norms.flatMap { $0 }.map(Double.init), item.valueNorms,
                                                "\(name) case \(number) value norms")
                guard let expectedNorm = item.normAttention, let expectedWords = item.wordAttention else { continue }
                let grouping = WordGrouping(texts: item.texts, segments: item.segments)
                var normed: [Double] = [], words: [Double] = []
                for layer in 0..<output.layers {
                    for head in 0..<output.heads {
                        normed += NormBasedAttention.matrix(output, norms: norms, layer: layer, head: head).values.map(Double.init)
                        words += grouping.merge(AttentionMatrix(output, layer: layer, head: head)).values.map(Double.init)
                    }
                }
                ReferenceComparison.assertClose(normed, expectedNorm, "\(name) case \(number) norm-based attention")
                ReferenceComparison.assertClose(words, expectedWords, "\(name) case \(number) word attention")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 4)
        let plain = try BertModel.load(directory: reference.models["tiny-base"]!.directory).forward(ids: [2, 3], segments: [0, 0])
        XCTAssertNil(ValueNorms(plain), "no norms unless captured")
    }

    func testWordGroupingJoinsContinuationPieces() {
        let grouping = WordGrouping(texts: ["[CLS]", "play", "##ing", "##s", "go", "[SEP]", "##x", "[SEP]"],
                                    segments: [0, 0, 0, 0, 0, 0, 1, 1])
        XCTAssertEqual(grouping.words, [0..<1, 1..<4, 4..<5, 5..<7, 7..<8])
        XCTAssertEqual(grouping.labels, ["[CLS]", "playings", "go", "[SEP]x", "[SEP]"])
        XCTAssertEqual(grouping.segments, [0, 0, 0, 0, 1])
        XCTAssertEqual((0..<8).map(grouping.word(of:)), [0, 1, 1, 1, 2, 3, 3, 4])
        // Rows of a merged attention matrix still sum to 1.
        let merged = grouping.merge(AttentionMatrix(AnalysisTestData.random(tokens: 8), layer: 1, head: 2))
        XCTAssertEqual(merged.size, 5)
        for row in merged.rows { XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-5) }
        XCTAssertEqual(grouping.mean([1, 2, 4, 6, 8, 1, 3, 5]), [1, 4, 8, 2, 5])
    }

    func testNormCombinationOverHeads() {
        let output = AnalysisTestData.output
        let norms = ValueNorms(layers: 2, heads: 2, tokens: 3, norms: [[1, 2, 3, 4, 5, 6], [1, 1, 1, 1, 1, 1]])
        XCTAssertEqual(NormBasedAttention.combined(output, norms: norms, layer: 1, aggregation: .mean),
                       HeadAggregation.mean.combine(output, layer: 1))
        let head1 = NormBasedAttention.matrix(output, norms: norms, layer: 0, head: 1)
        XCTAssertEqual(head1.row(0), [0.1 * 4, 0.1 * 5, 0.8 * 6].map { Float($0) })
    }
}

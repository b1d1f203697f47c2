import Analysis
import Encoder
import XCTest

final class QueryKeyProductTests: XCTestCase {
    /// transformers' query and key vectors (which the encoder's capture matches), put through the neuron view's arithmetic (products, sum, scaling,
    /// softmax), give back our encoder's attention rows.
    func testScoresFromReferenceVectorsReproduceTheAttention() throws {
        let reference = try AnalysisReference.load()
        let model = try XCTUnwrap(reference.models["tiny-base"])
        let bert = try BertModel.load(directory: model.directory)
        var checked = 0
        for item in model.cases {
            guard let queries = item.queries, let keys = item.keys else { continue }
            let output = try bert.forward(ids: item.ids, segments: item.segments, capture: .everything)
            let n = output.tokens, size = output.hiddenSize / output.heads
            func vector(_ flat: [Double], _ layer: Int, _ head: Int, _ token: Int) -> [Float] {
                let start = ((layer * output.heads + head) * n + token) * size
                return flat[start..<(start + size)].map { Float($0) }
            }
            var actual: [Double] = [], expected: [Double] = []
            for layer in 0..<output.layers {
                for head in 0..<output.heads {
                    let keyVectors = (0..<n).map { vector(keys, layer, head, $0) }
                    let attention = AttentionMatrix(output, layer: layer, head: head)
                    for q in 0..<n {
                        actual += QueryKeyProduct.attentionRow(query: vector(queries, layer, head, q), keys: keyVectors).map(Double.init)
                        expected += attention.row(q).map(Double.init)
                    }
                }
            }
            ReferenceComparison.assertClose(actual, expected, "tiny-base \(item.texts.joined(separator: " "))")
            // The encoder's captured vectors are transformers' ones.
            ReferenceComparison.assertClose(output.queries.flatMap { Array($0) }.map(Double.init), queries, "captured queries",
                                            floor: 1e-4 * (queries.map(abs).max() ?? 0))
            ReferenceComparison.assertClose(output.keys.flatMap { Array($0) }.map(Double.init), keys, "captured keys",
                                            floor: 1e-4 * (keys.map(abs).max() ?? 0))
            checked += 1
        }
        XCTAssertGreaterThan(checked, 0)
    }

    func testProductsAndSum() {
        let p = QueryKeyProduct(query: [1, -2, 0.5, 4], key: [2, 1, -2, 0.25])
        XCTAssertEqual(p.products, [2, -2, -1, 1])
        XCTAssertEqual(p.sum, 0)
        XCTAssertEqual(QueryKeyProduct(query: [3, 4, 0, 0], key: [1, 1, 0, 0]).scaledScore, 3.5)
    }
}

import Analysis
import Encoder
import Export
import WordPiece
import XCTest

final class ExportBuilderTests: XCTestCase {
    /// `[CLS] play ##ing [SEP] go [SEP]` as a pair, on a pseudo-random row-stochastic output (2 layers, 3 heads).
    let texts = ["[CLS]", "play", "##ing", "[SEP]", "go", "[SEP]"]
    let segments = [0, 0, 0, 0, 1, 1]

    private func builder(norms: ValueNorms? = nil) -> ExportBuilder {
        var state: UInt64 = 9
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float((state >> 33) % 1000 + 1) / 1000
        }
        let n = texts.count
        let attentions = (0..<2).map { _ in
            (0..<(3 * n)).flatMap { _ -> [Float] in
                let row = (0..<n).map { _ in next() }
                let sum = row.reduce(0, +)
                return row.map { $0 / sum }
            }
        }
        let output = EncoderOutput(layers: 2, heads: 3, tokens: n, hiddenSize: 2, attentions: attentions,
                                   hiddenStates: (0...2).map { _ in (0..<(2 * n)).map { _ in next() } })
        let tokens = texts.enumerated().map { i, text in
            Token(id: i, text: text, start: nil, end: nil, position: i, segment: segments[i], isSpecial: text.hasPrefix("["))
        }
        return ExportBuilder(output: output, tokens: tokens, modelName: "tiny", valueNorms: norms)
    }

    func testAttentionWithWordsAndPairFilter() throws {
        let b = builder()
        let m = try b.matrix(ExportSettings(view: .attention, layer: 1, head: 2, words: true, filter: .aToB))
        let words = WordGrouping(texts: texts, segments: segments).merge(AttentionMatrix(b.output, layer: 1, head: 2))
        XCTAssertEqual(m.rowLabels, ["[CLS]", "playing", "[SEP]"])
        XCTAssertEqual(m.columnLabels, ["go", "[SEP]"])
        XCTAssertEqual(m.values, [0, 1, 2].flatMap { q in [3, 4].map { words[q, $0] } })
        XCTAssertEqual(m.title, "tiny · attention · layer 2 · head 3 · linear · words · A→B")
        let all = try b.matrix(ExportSettings(view: .attention, layer: 0, head: nil, aggregation: .max))
        XCTAssertEqual(all.rowBoundaries, [4], "the segment boundary")
        XCTAssertEqual(all.values, HeadAggregation.max.combine(b.output, layer: 0).values)
    }

    func testTokensOverviewHeadsShapes() throws {
        let b = builder()
        let tokens = try b.matrix(ExportSettings(view: .tokens, layer: 0, token: 1, direction: .received))
        XCTAssertEqual(tokens.rowLabels, ["h1", "h2", "h3", "mean"])
        XCTAssertEqual(tokens[1, 4], AttentionMatrix(b.output, layer: 0, head: 1)[4, 1])
        XCTAssertEqual(tokens[3, 0], (0..<3).map { AttentionMatrix(b.output, layer: 0, head: $0)[0, 1] }.reduce(0, +) / 3, accuracy: 1e-7)
        let overview = try b.matrix(ExportSettings(view: .overview))
        XCTAssertEqual(overview.rows, 12)
        XCTAssertEqual(overview.columns, 18)
        XCTAssertEqual(overview[6 + 2, 6 * 2 + 5], AttentionMatrix(b.output, layer: 1, head: 2)[2, 5])
        XCTAssertEqual(overview.columnBoundaries, [6, 12])
        let heads = try b.matrix(ExportSettings(view: .heads, statistic: .sep))
        let statistics = HeadStatistics(b.output, roles: TokenRoles(texts: texts))
        XCTAssertEqual(heads[1, 2], Float(statistics.value(.sep, layer: 1, head: 2)!))
    }

    func testNormBasedNeedsNorms() throws {
        XCTAssertThrowsError(try builder().matrix(ExportSettings(view: .attention, normBased: true))) { error in
            XCTAssertTrue("\(error)".contains("norm-based attention needs the value-output norms"))
        }
        let norms = ValueNorms(layers: 2, heads: 3, tokens: 6, norms: (0..<2).map { _ in (0..<18).map { Float($0) } })
        let b = builder(norms: norms)
        let m = try b.matrix(ExportSettings(view: .attention, layer: 1, head: 1, normBased: true))
        XCTAssertEqual(m[2, 3], AttentionMatrix(b.output, layer: 1, head: 1)[2, 3] * 9)
        XCTAssertTrue(m.title.contains("norm-based"))
        XCTAssertThrowsError(try b.matrix(ExportSettings(view: .tokens, token: 6)))
        XCTAssertThrowsError(try b.matrix(ExportSettings(view: .attention, layer: 2)))
        let huge = ExportMatrix(title: "", rowAxis: "", columnAxis: "", rowLabels: Array(repeating: "x", count: 513),
                                columnLabels: Array(repeating: "y", count: 512), values: Array(repeating: 0, count: 513 * 512),
                                mapping: ScaleMapping(scale: .linear, lower: 0, upper: 1))
        XCTAssertThrowsError(try ExportFormat.svg.render(huge)) { XCTAssertTrue("\($0)".contains("too many for an SVG")) }
        XCTAssertEqual(try ExportFormat.csv.render(huge).split(separator: "\n").count, 514)
    }
}

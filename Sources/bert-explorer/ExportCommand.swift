import Analysis
import ArgumentParser
import Encoder
import Export
import Foundation
import WordPiece

extension ExportView: ExpressibleByArgument {}
extension ExportFormat: ExpressibleByArgument {}
extension ValueScale: ExpressibleByArgument {}
extension PairFilter: ExpressibleByArgument {}
extension AttentionDirection: ExpressibleByArgument {}
extension HeadStatistic: ExpressibleByArgument {}

/// `bert-explorer export`: one view of a sentence as SVG (for papers), CSV or JSON.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write one view of a text (attention, tokens, norms, overview, heads) as SVG, CSV or JSON.",
        discussion: """
            SVG: title line (model, view, layer, head, scale), token labels on both axes, one <rect> per cell with \
            its exact value in a <title> tooltip, the colour bar with its scale, the explorer's viridis colours. \
            CSV: a header row of column labels and a first column of row labels. JSON: {"title","row_axis",\
            "column_axis","rows","columns","scale","values"}. Values are the float32 numbers `inspect` prints.
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "attention (query × key), tokens (heads × tokens for --token), norms (layers × tokens), overview (every layer × head), heads (layers × heads for --statistic).")
    var view: ExportView = .attention

    @Option(help: "Layer, 1-based.")
    var layer: Int = 1

    @Option(help: "Head (1-based), mean or max.")
    var head: String = "mean"

    @Option(help: "Colour scale: linear, log or gamma.")
    var scale: ValueScale = .linear

    @Option(help: "svg, csv or json (default: from --output's extension, else svg).")
    var format: ExportFormat?

    @Option(name: .shortAndLong, help: "File to write (default: standard output).")
    var output: String?

    @Option(help: "Second sentence of a pair: [CLS] TEXT [SEP] PAIR [SEP].")
    var pair: String?

    @Option(help: "Pair filter: all, a-b, b-a, a-a or b-b (queries of the first segment × keys of the second, ...).")
    var filter: PairFilter = .all

    @Flag(help: "Merge ## pieces into words (attention to a word summed over its pieces, from a word averaged).")
    var words = false

    @Flag(name: .customLong("hide-special"), help: "Zero [CLS]/[SEP] rows and columns and renormalise the rest.")
    var hideSpecial = false

    @Option(help: "Token (0-based; a word index with --words) of the tokens view.")
    var token: Int = 0

    @Option(help: "Tokens view: given (the token's row) or received (its column).")
    var direction: AttentionDirection = .given

    @Option(help: "Heads view statistic: entropy, cls, sep, punctuation, self, previous, next, distance.")
    var statistic: HeadStatistic = .entropy

    @Flag(name: .customLong("norm-based"), help: "Norm-based attention α_ij·‖f_h(x_j)‖ (Kobayashi et al. 2020) instead of the weights α_ij (attention, tokens, overview).")
    var normBased = false

    @Argument(help: "The text to encode.")
    var text: String

    /// `--head` as a 0-based head (nil: combined) and the aggregation.
    private func parsedHead() throws -> (Int?, HeadAggregation) {
        if let aggregation = HeadAggregation(rawValue: head) { return (nil, aggregation) }
        guard let number = Int(head), number >= 1 else {
            throw CommandFailure("--head must be a head number from 1, mean or max, got \"\(TokenTable.printable(head))\"")
        }
        return (number - 1, .mean)
    }

    func validate() throws {
        _ = try parsedHead()
        guard layer >= 1 else { throw CommandFailure("--layer must be 1 or more, got \(layer)") }
        guard token >= 0 else { throw CommandFailure("--token must be 0 or more, got \(token)") }
    }

    func run() throws {
        let (headIndex, aggregation) = try parsedHead()
        let directory = try modelOptions.directory()
        let (tokenizer, model) = try modelOptions.tokenizerAndModel(in: directory)
        let encoding = tokenizer.encode(text, pair: pair, modelPositions: model.config.maxPositions)
        let capture = CaptureOptions(valueNorms: normBased)
        let result = try CommandFailure.wrap { try model.forward(ids: encoding.ids, segments: encoding.segments, capture: capture) }
        let settings = ExportSettings(
            view: view, layer: layer - 1, head: headIndex, aggregation: aggregation, scale: scale, normBased: normBased, words: words,
            filter: filter, hideSpecial: hideSpecial, token: token, direction: direction, statistic: statistic)
        let builder = ExportBuilder(output: result, tokens: encoding.tokens, modelName: model.name, valueNorms: ValueNorms(result))
        let matrix = try CommandFailure.wrap { try builder.matrix(settings) }
        let chosen = format ?? output.flatMap { ExportFormat(rawValue: URL(fileURLWithPath: $0).pathExtension.lowercased()) } ?? .svg
        let document = try CommandFailure.wrap { try chosen.render(matrix) }
        guard let output else {
            FileHandle.standardOutput.write(Data(document.utf8))
            return
        }
        do {
            try Data(document.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            throw CommandFailure("\(TokenTable.printable(output)): cannot write (\((error as NSError).localizedDescription))")
        }
    }
}

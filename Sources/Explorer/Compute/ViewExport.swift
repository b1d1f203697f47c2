import Analysis
import Export
import Foundation

/// `w`: the current view written as SVG (the same picture `bert-explorer export` makes) into a directory, named
/// from the sentence, view, layer and head. The key only records the request in the state (the reducer does no
/// I/O); `ExplorerSession` writes the file and puts where on the status line.
public struct ViewExport: Sendable {
    /// Set by `w`, cleared by the session once it has written the file.
    static let requested = ViewStateKey("export.requested", default: false)

    static let binding = KeyBinding(.exploring, [.character("w")], keys: "w",
                                    action: "write the current view as SVG (into --export-dir, default the current directory)",
                                    hint: nil) { s, _ in
        guard s.result != nil else { return .refused("w: nothing to write yet (the encoder has not finished)") }
        s.views[requested] = true
        return .done
    }

    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// The export settings equivalent to what the current view shows, or why there are none.
    static func settings(for s: ExplorerState) -> Result<ExportSettings, ExportError> {
        var settings = ExportSettings(view: .attention, layer: s.layer, head: s.head, aggregation: s.aggregation,
                                      scale: s.scale, hideSpecial: s.hideSpecial)
        // The attention modes, as the view shows them (`AttentionModes`).
        if ViewRegistry.view(s.view).mergesWords, let result = s.result {
            settings.normBased = AttentionModes.showsNorms(s, result)
            settings.words = s.views[AttentionModes.words]
            let axis = AttentionAxis(tokens: result.encoding.tokens, words: settings.words)
            if s.view != .overview { settings.filter = AttentionModes.filter(s, segments: axis.segments) }
            settings.token = axis.index(ofToken: s.selectedToken)
        }
        switch s.view {
        case .attention:
            if s.views[AttentionHeatmapView.rollout] {
                return .failure(ExportError("w: rollout is not exported yet (r turns it off)"))
            }
        case .token:
            settings.view = .tokens
            settings.direction = s.views[TokenBarsView.direction]
        case .norms: settings.view = .norms
        case .overview: settings.view = .overview
        case .heads:
            settings.view = .heads
            settings.statistic = s.views[HeadStatsView.statistic]
        default:
            return .failure(ExportError("w: the \(s.view) view is not exported"))
        }
        return .success(settings)
    }

    /// Writes the current view; returns the status line: where it went, or why it did not.
    func write(_ s: ExplorerState) -> String {
        guard let result = s.result else { return "w: nothing to write yet" }
        do {
            let settings = try Self.settings(for: s).get()
            let builder = ExportBuilder(output: result.output, tokens: result.encoding.tokens, modelName: s.model.name,
                                        valueNorms: ValueNorms(result.output))
            let svg = try ExportFormat.svg.render(try builder.matrix(settings))
            let url = directory.appendingPathComponent(settings.fileName(sentence: s.input.text))
            try Data(svg.utf8).write(to: url)
            return "wrote \(url.path)"
        } catch let error as ExportError {
            return error.description
        } catch {
            return "w: cannot write into \(directory.path): \((error as NSError).localizedDescription)"
        }
    }
}

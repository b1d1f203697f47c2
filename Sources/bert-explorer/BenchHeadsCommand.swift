import ArgumentParser
import Encoder
import Foundation
import Heads

/// `bench heads`: time of the masked-LM head after the encoder, for what the Predictions view computes (the
/// selected token at every layer and each [MASK] at the last layer), beside the encoder's own time.
struct BenchHeadsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heads", abstract: "Measure the masked-LM head's time after the encoder.")

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, help: "Comma-separated sequence lengths in tokens.")
    var lengths: String = "16,64,128"

    @Option(name: .long, help: "[MASK] positions predicted at the last layer besides the selected token's layers.")
    var masks = 2

    @Option(name: .long, help: "Timed runs per length.")
    var repeats = 20

    @Flag(name: .long, help: "Print one JSON object: {\"rows\",\"lengths\":[{\"tokens\",\"encoder_ms\",\"head_ms\"}]}.")
    var json = false

    func validate() throws {
        let parsed = lengths.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) > 1 }) else {
            throw CommandFailure("--lengths must be a comma-separated list of integers above 1, got \"\(TokenTable.printable(lengths))\"")
        }
        guard (0...64).contains(masks) else { throw CommandFailure("--masks must be 0...64, got \(masks)") }
        guard (1...10_000).contains(repeats) else { throw CommandFailure("--repeats must be 1...10000, got \(repeats)") }
    }

    func run() throws {
        let model = try HeadedModel.load(modelOptions) { heads, name in
            guard heads.maskedLM == nil else { return }
            throw CommandFailure("\(name) has no masked-LM head to measure; use a *ForMaskedLM checkpoint, e.g. --model bert-base-uncased")
        }
        let head = model.heads.maskedLM!, config = model.encoder.config
        var rows = 0
        var results: [(tokens: Int, encoder: Double, head: Double)] = []
        for length in lengths.split(separator: ",").compactMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            guard length <= config.maxPositions else {
                throw CommandFailure("length \(length) exceeds the model's \(config.maxPositions) positions")
            }
            // The Predictions view's work: the selected token (here the middle one) at every layer, each [MASK]
            // (spread over the sequence) at the last layer.
            let maskID = model.tokenizer.id(for: "[MASK]") ?? 103
            let maskPositions = Set((0..<min(masks, length)).map { ($0 + 1) * length / (masks + 2) })
            let ids = (0..<length).map { maskPositions.contains($0) ? maskID : (1000 + 7919 * $0) % config.vocabSize }
            let segments = [Int](repeating: 0, count: length)
            let readout = { (output: EncoderOutput) in
                HeadReadout(heads: model.heads, output: output, ids: ids, maskID: maskID, selected: length / 2, topK: 10)
            }
            let first = readout(try model.encoder.forward(ids: ids, segments: segments))
            rows = first.selectedLayers.count + first.masks.count
            var encoderTimes: [Double] = [], headTimes: [Double] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                let output = try model.encoder.forward(ids: ids, segments: segments)
                let middle = DispatchTime.now().uptimeNanoseconds
                _ = readout(output)
                let end = DispatchTime.now().uptimeNanoseconds
                encoderTimes.append(Double(middle - start) / 1e6)
                headTimes.append(Double(end - middle) / 1e6)
            }
            results.append((length, encoderTimes.sorted()[repeats / 2], headTimes.sorted()[repeats / 2]))
        }
        if json {
            let entries = results.map { "{\"tokens\":\($0.tokens),\"encoder_ms\":\(BenchEncoderCommand.format($0.encoder)),\"head_ms\":\(BenchEncoderCommand.format($0.head))}" }
            print("{\"rows\":\(rows),\"lengths\":[\(entries.joined(separator: ","))]}")
        } else {
            print("model \(model.name): \(config.layers) layers, hidden \(config.hiddenSize), vocabulary \(head.vocabSize)")
            print("head rows per update: \(rows) (the selected token at layers 0...\(config.layers), \(masks) [MASK] at the last layer)")
            print("tokens  encoder median ms  head median ms")
            for result in results {
                print(String(repeating: " ", count: max(0, 6 - String(result.tokens).count))
                      + "\(result.tokens)  \(BenchEncoderCommand.format(result.encoder))  \(BenchEncoderCommand.format(result.head))")
            }
        }
    }
}

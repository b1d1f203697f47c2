import Encoder
import Foundation
import SafeText
import WordPiece

/// The JSON object `inspect` prints for one forward pass, streamed through an `OutputBuffer`.
enum InspectJSON {
    /// Writes the object; `extra` appends further members (the opt-in captures) before it is closed.
    static func write(model: BertModel, encoding: Encoding, output: EncoderOutput,
                      selection: InspectCommand.Selection, to buffer: OutputBuffer, extra: () -> Void = {}) {
        let t = output.tokens, d = output.hiddenSize
        let layers = selection.layers ?? Array(0..<output.layers)
        let heads = selection.heads ?? Array(0..<output.heads)
        // Without --layers, hidden states include the embeddings (index 0); with it, the chosen layers' outputs.
        let hiddenIndexes = selection.layers.map { $0.map { $0 + 1 } } ?? Array(0...output.layers)
        buffer.write { bytes in
            TokenJSON.append(ascii: "{\"model\":{\"name\":", to: &bytes)
            JSONText.appendQuoted(model.name, to: &bytes)
            bytes.append(contentsOf: ",\"layers\":\(output.layers),\"heads\":\(output.heads),\"hidden_size\":\(d)},\"tokens\":".utf8)
            TokenJSON.appendTokens(encoding.tokens, to: &bytes)
            TokenJSON.append(ascii: encoding.truncated ? ",\"truncated\":true" : ",\"truncated\":false", to: &bytes)
            if let chosen = selection.layers { appendList("layers", chosen, to: &bytes) }
            if let chosen = selection.heads { appendList("heads_shown", chosen, to: &bytes) }
            TokenJSON.append(ascii: ",\"attentions\":[", to: &bytes)
        }
        // Formatting the numbers is most of the work for long inputs: heads are formatted a few at a time on every
        // core into their own buffers and written in order, so memory holds one group of heads' text.
        let group = BertModel.batchThreads
        for (position, layer) in layers.enumerated() {
            buffer.write { bytes in bytes.append(contentsOf: position == 0 ? Array("[".utf8) : Array(",[".utf8)) }
            for first in stride(from: 0, to: heads.count, by: group) {
                let chosen = Array(heads[first..<min(heads.count, first + group)])
                var texts = [[UInt8]](repeating: [], count: chosen.count)
                texts.withUnsafeMutableBufferPointer { texts in
                    nonisolated(unsafe) let texts = texts
                    output.attentions[layer].withUnsafeBufferPointer { values in
                        nonisolated(unsafe) let values = values
                        DispatchQueue.concurrentPerform(iterations: chosen.count) { index in
                            var bytes: [UInt8] = first + index == 0 ? [UInt8(ascii: "[")] : Array(",[".utf8)
                            FloatJSON.appendMatrix(values.baseAddress! + chosen[index] * t * t, rows: t, columns: t, to: &bytes)
                            bytes.append(UInt8(ascii: "]"))
                            texts[index] = bytes
                        }
                    }
                }
                for text in texts { buffer.write { $0.append(contentsOf: text) } }
            }
            buffer.write { $0.append(UInt8(ascii: "]")) }
        }
        let norms = output.hiddenNorms()
        buffer.write { bytes in
            TokenJSON.append(ascii: "],\"hidden_norms\":[", to: &bytes)
            for (position, index) in hiddenIndexes.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                norms[index].withUnsafeBufferPointer { FloatJSON.appendRow($0.baseAddress!, count: t, to: &bytes) }
            }
            bytes.append(UInt8(ascii: "]"))
        }
        if selection.hiddenStates {
            buffer.write { TokenJSON.append(ascii: ",\"hidden_states\":[", to: &$0) }
            for (position, index) in hiddenIndexes.enumerated() {
                buffer.write { bytes in
                    bytes.append(contentsOf: position == 0 ? Array("[".utf8) : Array(",[".utf8))
                    output.hiddenStates[index].withUnsafeBufferPointer {
                        FloatJSON.appendMatrix($0.baseAddress!, rows: t, columns: d, to: &bytes)
                    }
                    bytes.append(UInt8(ascii: "]"))
                }
            }
            buffer.write { $0.append(UInt8(ascii: "]")) }
        }
        extra()
        buffer.write { TokenJSON.append(ascii: "}\n", to: &$0) }
    }

    private static func appendList(_ key: StaticString, _ values: [Int], to bytes: inout [UInt8]) {
        TokenJSON.append(ascii: ",\"", to: &bytes)
        TokenJSON.append(ascii: key, to: &bytes)
        TokenJSON.append(ascii: "\":[", to: &bytes)
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            TokenJSON.appendInt(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}

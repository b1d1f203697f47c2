import Analysis
import Encoder

extension InspectCommand {
    /// `--attention-norms` and `--qkv`: the opt-in captures, each layer written as it is formatted.
    func writeCaptures(_ output: EncoderOutput, to buffer: OutputBuffer) {
        let t = output.tokens, size = output.headSize
        if attentionNorms, let norms = ValueNorms(output) {
            buffer.write { TokenJSON.append(ascii: ",\"attention_norms\":[", to: &$0) }
            for layer in 0..<output.layers {
                for head in 0..<output.heads {
                    let matrix = NormBasedAttention.matrix(output, norms: norms, layer: layer, head: head)
                    buffer.write { bytes in
                        bytes.append(contentsOf: Array((head == 0 ? (layer == 0 ? "[[" : ",[[") : ",[").utf8))
                        matrix.values.withUnsafeBufferPointer {
                            FloatJSON.appendMatrix($0.baseAddress!, rows: t, columns: t, to: &bytes)
                        }
                        bytes.append(UInt8(ascii: "]"))
                    }
                }
                buffer.write { $0.append(UInt8(ascii: "]")) }
            }
            buffer.write { $0.append(UInt8(ascii: "]")) }
        }
        guard queryKeyValue else { return }
        for (name, stack) in [("queries", output.queries), ("keys", output.keys), ("values", output.values)] {
            buffer.write { $0.append(contentsOf: ",\"\(name)\":[".utf8) }
            for (layer, vectors) in stack.enumerated() {
                buffer.write { bytes in
                    bytes.append(contentsOf: Array((layer == 0 ? "[" : ",[").utf8))
                    vectors.withUnsafeBufferPointer { all in
                        for head in 0..<output.heads {
                            bytes.append(contentsOf: Array((head == 0 ? "[" : ",[").utf8))
                            FloatJSON.appendMatrix(all.baseAddress! + head * t * size, rows: t, columns: size, to: &bytes)
                            bytes.append(UInt8(ascii: "]"))
                        }
                    }
                    bytes.append(UInt8(ascii: "]"))
                }
            }
            buffer.write { $0.append(UInt8(ascii: "]")) }
        }
    }
}

import WordPiece

/// `classify --json`: `{"labels":[…],"logits":[…],"probabilities":[…],"label":"…"}` for a sentence classifier;
/// `{"labels":[…],"tokens":[{…token fields…,"logits":[…],"probabilities":[…],"label":"…"},…]}` per token.
enum ClassifierJSON {
    static func append(_ result: ClassifierOutput, labels: [String], perToken: Bool, to out: inout [UInt8]) {
        let c = labels.count
        TokenJSON.append(ascii: "{\"labels\":[", to: &out)
        for (index, label) in labels.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            TokenJSON.appendString(label, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        if perToken {
            TokenJSON.append(ascii: ",\"tokens\":[", to: &out)
            for (row, token) in result.encoding.tokens.enumerated() {
                if row > 0 { out.append(UInt8(ascii: ",")) }
                TokenJSON.appendToken(token, to: &out)
                out.removeLast()
                appendRow(result, row: row, classes: c, labels: labels, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            TokenJSON.append(ascii: "]}\n", to: &out)
        } else {
            appendRow(result, row: 0, classes: c, labels: labels, to: &out)
            TokenJSON.append(ascii: "}\n", to: &out)
        }
    }

    /// `,"logits":[…],"probabilities":[…],"label":"…"` of one row.
    private static func appendRow(_ result: ClassifierOutput, row: Int, classes c: Int, labels: [String], to out: inout [UInt8]) {
        TokenJSON.append(ascii: ",\"logits\":", to: &out)
        result.logits.withUnsafeBufferPointer { FloatJSON.appendRow($0.baseAddress! + row * c, count: c, to: &out) }
        TokenJSON.append(ascii: ",\"probabilities\":", to: &out)
        result.probabilities.withUnsafeBufferPointer { FloatJSON.appendRow($0.baseAddress! + row * c, count: c, to: &out) }
        TokenJSON.append(ascii: ",\"label\":", to: &out)
        TokenJSON.appendString(labels[argmax(result.probabilities, row: row, classes: c)], to: &out)
    }

    static func argmax(_ values: [Float], row: Int, classes c: Int) -> Int {
        var best = 0
        for k in 1..<c where values[row * c + k] > values[row * c + best] { best = k }
        return best
    }
}

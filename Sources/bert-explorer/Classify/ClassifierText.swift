import Training
import WordPiece

/// `classify` without --json: `label (p)` and every label's probability; for token heads `token  label  p` lines.
enum ClassifierText {
    static func append(_ result: ClassifierOutput, labels: [String], perToken: Bool, to out: inout [UInt8]) {
        let c = labels.count
        var text = ""
        if perToken {
            for (row, token) in result.encoding.tokens.enumerated() {
                let best = ClassifierJSON.argmax(result.probabilities, row: row, classes: c)
                text += "\(TextEscaping.plain(token.text).padding(toLength: 16, withPad: " ", startingAt: 0)) \(TextEscaping.plain(labels[best]).padding(toLength: 14, withPad: " ", startingAt: 0)) \(format(result.probabilities[row * c + best]))\n"
            }
        } else {
            let best = ClassifierJSON.argmax(result.probabilities, row: 0, classes: c)
            text += "\(TextEscaping.plain(labels[best])) \(format(result.probabilities[best]))"
            let others = (0..<c).map { "\(TextEscaping.plain(labels[$0]))=\(format(result.probabilities[$0]))" }
            text += "  (" + others.joined(separator: " ") + ")\n"
        }
        out.append(contentsOf: Array(text.utf8))
    }

    static func format(_ value: Float) -> String {
        let scaled = (Double(value) * 1000).rounded() / 1000
        var text = "\(scaled)"
        while text.split(separator: ".").last.map({ $0.count < 3 }) == true { text += "0" }
        return text
    }
}

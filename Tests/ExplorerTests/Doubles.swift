import Encoder
import Explorer
import Foundation
import TerminalUI
import WordPiece

/// A tokenizer double: words and punctuation; words longer than 5 characters split into a 4-character head and
/// a `##` tail; words with digits become `[UNK]`; `[MASK]` typed in the text stays special. Offsets are scalar
/// offsets, as the real tokenizer reports them.
struct TokenizerDouble: SentenceTokenizing {
    func encode(_ text: String, pair: String?) -> Encoding {
        var tokens = [special("[CLS]", 101, position: 0, segment: 0)]
        append(text, segment: 0, to: &tokens)
        tokens.append(special("[SEP]", 102, position: tokens.count, segment: 0))
        if let pair {
            append(pair, segment: 1, to: &tokens)
            tokens.append(special("[SEP]", 102, position: tokens.count, segment: 1))
        }
        return Encoding(tokens: tokens, truncated: false)
    }

    private func special(_ text: String, _ id: Int, position: Int, segment: Int) -> Token {
        Token(id: id, text: text, start: nil, end: nil, position: position, segment: segment, isSpecial: true)
    }

    private func append(_ text: String, segment: Int, to tokens: inout [Token]) {
        let scalars = Array(text.unicodeScalars)
        var words: [(Int, Int)] = []
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if s.properties.isWhitespace { i += 1; continue }
            if s.properties.generalCategory.isPunctuation || s == "[" {
                if s == "[", String(String.UnicodeScalarView(scalars[i...].prefix(6))) == "[MASK]" {
                    words.append((i, i + 6)); i += 6; continue
                }
                words.append((i, i + 1)); i += 1; continue
            }
            let start = i
            while i < scalars.count, !scalars[i].properties.isWhitespace,
                  !scalars[i].properties.generalCategory.isPunctuation, scalars[i] != "[" { i += 1 }
            words.append((start, i))
        }
        for (a, b) in words {
            let word = String(String.UnicodeScalarView(scalars[a..<b])).lowercased()
            if word == "[mask]" {
                tokens.append(Token(id: 103, text: "[MASK]", start: a, end: b, position: tokens.count, segment: segment, isSpecial: true))
            } else if word.contains(where: { $0.isASCII && $0.isNumber }) {
                tokens.append(Token(id: 100, text: "[UNK]", start: a, end: b, position: tokens.count, segment: segment, isSpecial: false))
            } else if b - a > 5 {
                tokens.append(piece(String(word.unicodeScalars.prefix(4)), a, a + 4, segment, tokens.count))
                tokens.append(piece("##" + String(word.unicodeScalars.dropFirst(4)), a + 4, b, segment, tokens.count))
            } else {
                tokens.append(piece(word, a, b, segment, tokens.count))
            }
        }
    }

    private func piece(_ text: String, _ a: Int, _ b: Int, _ segment: Int, _ position: Int) -> Token {
        let id = 1000 + text.unicodeScalars.reduce(0) { ($0 * 31 + Int($1.value)) % 28000 }
        return Token(id: id, text: text, start: a, end: b, position: position, segment: segment, isSpecial: false)
    }
}

extension Unicode.GeneralCategory {
    var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }
}

/// An encoder double with deterministic attention patterns (previous token, next token, [CLS] sink, self,
/// broad) and hidden states; counts its runs and can be held at a gate to test cancellation.
final class EncoderDouble: EncoderRunning, @unchecked Sendable {
    let shape: ModelShape
    private let lock = NSLock()
    private var _runs = 0
    private var _cancelled = 0
    /// When set, every run waits on it before its first layer.
    let gate: DispatchSemaphore?
    /// Signalled as each run starts (before the gate), so tests can wait for a run without polling.
    let started = DispatchSemaphore(value: 0)

    /// When set, layer `nanLayer` (1-based) produces NaN attention and hidden states from there on, as a NaN
    /// weight does in a real encoder.
    let nanLayer: Int?

    init(layers: Int = 3, heads: Int = 4, hiddenSize: Int = 8, gate: DispatchSemaphore? = nil, nanLayer: Int? = nil) {
        shape = ModelShape(name: "double", layers: layers, heads: heads, hiddenSize: hiddenSize)
        self.gate = gate
        self.nanLayer = nanLayer
    }

    var runs: Int { lock.lock(); defer { lock.unlock() }; return _runs }
    var cancelled: Int { lock.lock(); defer { lock.unlock() }; return _cancelled }

    func forward(ids: [Int], segments: [Int], isCancelled: () -> Bool) throws -> EncoderOutput {
        lock.lock(); _runs += 1; lock.unlock()
        started.signal()
        gate?.wait()
        let n = ids.count, L = shape.layers, H = shape.heads, D = shape.hiddenSize
        var attentions: [[Float]] = []
        var hidden: [[Float]] = [(0..<(n * D)).map { Float(sin(Double($0 + ids[$0 / D] % 7))) }]
        for l in 0..<L {
            if isCancelled() {
                lock.lock(); _cancelled += 1; lock.unlock()
                throw CancellationError()
            }
            var layer = [Float](repeating: 0, count: H * n * n)
            for h in 0..<H {
                for q in 0..<n {
                    var row = (0..<n).map { k -> Float in
                        switch (h + l) % 5 {
                        case 0: return k == max(0, q - 1) ? 6 : 0.3
                        case 1: return k == min(n - 1, q + 1) ? 6 : 0.3
                        case 2: return k == 0 || k == n - 1 ? 5 : 0.5
                        case 3: return k == q ? 4 : 0.4
                        default: return 1 + Float((q * 7 + k * 3 + h) % 5)
                        }
                    }
                    let sum = row.reduce(0, +)
                    row = row.map { $0 / sum }
                    for k in 0..<n { layer[(h * n + q) * n + k] = row[k] }
                }
            }
            let poisoned = nanLayer.map { l + 1 >= $0 } ?? false
            attentions.append(poisoned ? layer.map { _ in .nan } : layer)
            hidden.append(hidden[l].enumerated().map { poisoned ? .nan : $0.element * 1.1 + Float(cos(Double($0.offset * (l + 1)))) })
        }
        // Value norms ‖f(x)‖ and query/key vectors with simple patterns (norm-based and Neuron views).
        let size = D / H
        let norms = (0..<L).map { l in (0..<(H * n)).map { i in 0.5 + Float((i * 5 + l * 3 + ids[i % n]) % 7) / 4 } }
        let queries = (0..<L).map { l in (0..<(n * D)).map { Float(sin(Double($0 * (l + 2)) / 3)) } }
        let keys = (0..<L).map { l in (0..<(n * D)).map { Float(cos(Double($0 * (l + 1) + size) / 5)) } }
        return EncoderOutput(layers: L, heads: H, tokens: n, hiddenSize: D, attentions: attentions, hiddenStates: hidden,
                             queries: queries, keys: keys, values: [], valueNorms: norms)
    }
}

/// Events from a string: one `.character` per character.
func typing(_ text: String) -> [InputEvent] { text.map { InputEvent.character($0) } }

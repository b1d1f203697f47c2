import Encoder

/// A square attention matrix for one sentence, row-major `[query][key]`: row `q` is the attention token `q`
/// gives, column `k` the attention token `k` receives.
public struct AttentionMatrix: Sendable, Equatable {
    /// Number of tokens (rows and columns).
    public let size: Int
    /// `size * size` values, row-major.
    public var values: [Float]

    public init(size: Int, values: [Float]) {
        precondition(values.count == size * size, "an attention matrix of \(size) tokens needs \(size * size) values")
        self.size = size
        self.values = values
    }

    /// Builds a matrix from nested rows (tests and small examples).
    public init(rows: [[Float]]) {
        self.init(size: rows.count, values: rows.flatMap { $0 })
    }

    /// One head of one layer (0-based, as `EncoderOutput.attentions` is indexed).
    public init(_ output: EncoderOutput, layer: Int, head: Int) {
        let n = output.tokens
        let start = head * n * n
        self.init(size: n, values: Array(output.attentions[layer][start..<(start + n * n)]))
    }

    public subscript(query: Int, key: Int) -> Float {
        get { values[query * size + key] }
        set { values[query * size + key] = newValue }
    }

    /// The attention `query` gives to every key.
    public func row(_ query: Int) -> [Float] { Array(values[(query * size)..<((query + 1) * size)]) }

    /// The attention every query gives to `key`.
    public func column(_ key: Int) -> [Float] { (0..<size).map { values[$0 * size + key] } }

    /// The rows as nested arrays.
    public var rows: [[Float]] { (0..<size).map(row) }
}

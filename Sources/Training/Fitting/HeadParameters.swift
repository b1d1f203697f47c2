import Heads
import Foundation
import SeededRandom

/// A head's weights, laid out as `transformers` stores a classifier: `classifier.weight` `[classes, input]`,
/// `classifier.bias` `[classes]`; an MLP adds `pre_classifier.weight` `[hidden, features]` and
/// `pre_classifier.bias` `[hidden]` with a ReLU between (DistilBERT's names).
public struct HeadParameters: Sendable, Equatable {
    public let kind: HeadKind
    public let features: Int
    public let hidden: Int
    public let classes: Int
    /// All parameters in one vector: [pre_classifier.weight, pre_classifier.bias,] classifier.weight, classifier.bias.
    public var flat: [Float]

    public init(kind: HeadKind, features: Int, hidden: Int, classes: Int, flat: [Float]) {
        precondition(flat.count == Self.count(kind: kind, features: features, hidden: hidden, classes: classes))
        self.kind = kind
        self.features = features
        self.hidden = kind == .mlp ? hidden : 0
        self.classes = classes
        self.flat = flat
    }

    /// Zero weights for linear heads; Glorot-uniform hidden layer (seeded) for MLPs.
    public init(kind: HeadKind, features: Int, hidden: Int, classes: Int, seed: UInt64) {
        var flat = [Float](repeating: 0, count: Self.count(kind: kind, features: features, hidden: hidden, classes: classes))
        if kind == .mlp {
            var generator = SeededGenerator(seed: seed)
            let first = (6 / Float(features + hidden)).squareRoot(), second = (6 / Float(hidden + classes)).squareRoot()
            for i in 0..<(hidden * features) { flat[i] = generator.uniform(first) }
            let offset = hidden * features + hidden
            for i in 0..<(classes * hidden) { flat[offset + i] = generator.uniform(second) }
        }
        self.init(kind: kind, features: features, hidden: hidden, classes: classes, flat: flat)
    }

    /// The same shape holding other weights (the parameter vector an optimiser is trying).
    func with(flat: [Float]) -> HeadParameters {
        HeadParameters(kind: kind, features: features, hidden: hidden, classes: classes, flat: flat)
    }

    public static func count(kind: HeadKind, features: Int, hidden: Int, classes: Int) -> Int {
        let input = kind == .mlp ? hidden : features
        return (kind == .mlp ? hidden * features + hidden : 0) + classes * input + classes
    }

    /// The classifier's input size.
    public var input: Int { kind == .mlp ? hidden : features }
    public var hiddenBiasOffset: Int { hidden * features }
    public var weightOffset: Int { kind == .mlp ? hidden * features + hidden : 0 }
    public var biasOffset: Int { weightOffset + classes * input }

    /// Logits `rows × classes` of `x` (`rows × features`).
    public func logits(_ x: UnsafePointer<Float>, rows: Int) -> [Float] {
        hiddenActivations(x, rows: rows).withUnsafeBufferPointer { h in
            logits(kind == .mlp ? h.baseAddress! : x, rowsAfterHidden: rows)
        }
    }

    /// The ReLU activations of an MLP head's hidden layer (`rows × hidden`); empty for a linear head.
    func hiddenActivations(_ x: UnsafePointer<Float>, rows: Int) -> [Float] {
        guard kind == .mlp else { return [] }
        var values = flat.withUnsafeBufferPointer { p in
            Self.dense(x, rows: rows, inputs: features, weight: p.baseAddress!, bias: p.baseAddress! + hiddenBiasOffset, outputs: hidden)
        }
        for i in values.indices where values[i] < 0 { values[i] = 0 }
        return values
    }

    /// `x · Wᵀ + b` for `W` `[outputs, inputs]`.
    static func dense(_ x: UnsafePointer<Float>, rows: Int, inputs: Int, weight: UnsafePointer<Float>,
                      bias: UnsafePointer<Float>, outputs: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * outputs) { buffer, count in
            let out = buffer.baseAddress!
            // The heads' own rule: small products as loops, so running a trained head never loads OpenBLAS.
            HeadMath.multiplyTransposed(m: rows, n: outputs, k: inputs, a: x, b: weight, c: out)
            for row in 0..<rows {
                for column in 0..<outputs { out[row * outputs + column] += bias[column] }
            }
            count = rows * outputs
        }
    }

    /// Softmax of each row of `logits` (`classes` wide), in place.
    public static func softmax(_ logits: inout [Float], classes: Int) {
        let rows = logits.count / max(classes, 1)
        for row in 0..<rows {
            let base = row * classes
            var top = -Float.infinity
            for c in 0..<classes { top = max(top, logits[base + c]) }
            var sum: Float = 0
            for c in 0..<classes {
                logits[base + c] = exp(logits[base + c] - top)
                sum += logits[base + c]
            }
            for c in 0..<classes { logits[base + c] /= sum }
        }
    }
}

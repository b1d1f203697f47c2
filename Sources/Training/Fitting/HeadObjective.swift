import Foundation

/// Mean cross-entropy plus `l2 / 2 · ‖weights‖²` (biases are not penalised, as in scikit-learn), with its
/// gradient. With `l2 = 1 / (C · n)` the linear head minimises exactly what scikit-learn's multinomial
/// `LogisticRegression(C=C)` does.
struct HeadObjective {
    let shape: HeadParameters
    let l2: Float

    /// Loss of `parameters` on rows `x` (`rows × features`) with `labels`; adds the gradient into `gradient` if given.
    func evaluate(_ parameters: [Float], x: UnsafePointer<Float>, labels: ArraySlice<Int>, rows: Int,
                  gradient: UnsafeMutablePointer<Float>?) -> Double {
        let head = shape.with(flat: parameters)
        let c = head.classes, inputSize = head.input
        let hiddenValues = head.hiddenActivations(x, rows: rows)
        var probabilities = hiddenValues.withUnsafeBufferPointer { h in
            head.logits(head.kind == .mlp ? h.baseAddress! : x, rowsAfterHidden: rows)
        }
        HeadParameters.softmax(&probabilities, classes: c)
        var loss: Double = 0
        for (row, label) in labels.enumerated() {
            loss -= Double(log(max(probabilities[row * c + label], Float.leastNormalMagnitude)))
        }
        loss /= Double(max(rows, 1))
        var penalty: Double = 0
        parameters.withUnsafeBufferPointer { p in
            for i in head.penalisedRanges.joined() { penalty += Double(p[i] * p[i]) }
        }
        loss += Double(l2) / 2 * penalty
        guard let gradient else { return loss }

        // dL/dlogits = (P - Y) / n
        let scale = 1 / Float(max(rows, 1))
        for (row, label) in labels.enumerated() {
            for k in 0..<c { probabilities[row * c + k] *= scale }
            probabilities[row * c + label] -= scale
        }
        parameters.withUnsafeBufferPointer { p in
            let p = p.baseAddress!
            for i in head.penalisedRanges.joined() { gradient[i] += l2 * p[i] }
            probabilities.withUnsafeBufferPointer { g in
                let g = g.baseAddress!
                hiddenValues.withUnsafeBufferPointer { h in
                    let input = head.kind == .mlp ? h.baseAddress! : x
                    Blas.gemm(transA: true, m: c, n: inputSize, k: rows, a: g, lda: c, b: input, ldb: inputSize,
                              beta: 1, c: gradient + head.weightOffset, ldc: inputSize)
                }
                for row in 0..<rows { for k in 0..<c { gradient[head.biasOffset + k] += g[row * c + k] } }
                guard head.kind == .mlp else { return }
                // Back through the classifier and the ReLU.
                var dHidden = [Float](repeating: 0, count: rows * head.hidden)
                dHidden.withUnsafeMutableBufferPointer { dh in
                    Blas.gemm(m: rows, n: head.hidden, k: c, a: g, lda: c, b: p + head.weightOffset, ldb: head.hidden,
                              c: dh.baseAddress!, ldc: head.hidden)
                }
                for i in dHidden.indices where hiddenValues[i] <= 0 { dHidden[i] = 0 }
                dHidden.withUnsafeBufferPointer { dh in
                    Blas.gemm(transA: true, m: head.hidden, n: head.features, k: rows, a: dh.baseAddress!, lda: head.hidden,
                              b: x, ldb: head.features, beta: 1, c: gradient, ldc: head.features)
                    for row in 0..<rows { for j in 0..<head.hidden { gradient[head.hiddenBiasOffset + j] += dh[row * head.hidden + j] } }
                }
            }
        }
        return loss
    }
}

extension HeadParameters {
    /// Index ranges of the weight matrices (the L2 penalty applies to these, not to biases).
    var penalisedRanges: [Range<Int>] {
        kind == .mlp ? [0..<(hidden * features), weightOffset..<biasOffset] : [weightOffset..<biasOffset]
    }

    /// Classifier logits from the classifier's input (the hidden activations for an MLP, else the features).
    func logits(_ input: UnsafePointer<Float>, rowsAfterHidden rows: Int) -> [Float] {
        flat.withUnsafeBufferPointer { p in
            Self.dense(input, rows: rows, inputs: self.input, weight: p.baseAddress! + weightOffset,
                       bias: p.baseAddress! + biasOffset, outputs: classes)
        }
    }
}

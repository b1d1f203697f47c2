/// A PyTorch `Linear`: `y = x · Wᵀ + b` with `W` stored `[outputs][inputs]`, held in float32.
struct DenseLayer: Sendable {
    let inputs: Int
    let outputs: Int
    let weight: [Float]
    let bias: [Float]

    /// Applies the layer to `rows` rows of `inputs` values, giving `rows × outputs` values.
    func apply(_ x: UnsafePointer<Float>, rows: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * outputs) { buffer, count in
            weight.withUnsafeBufferPointer { w in
                HeadMath.multiplyTransposed(m: rows, n: outputs, k: inputs, a: x, b: w.baseAddress!,
                                            c: buffer.baseAddress!)
            }
            for r in 0..<rows {
                for o in 0..<outputs { buffer[r * outputs + o] += bias[o] }
            }
            count = rows * outputs
        }
    }

    func apply(_ x: [Float], rows: Int) -> [Float] {
        x.withUnsafeBufferPointer { apply($0.baseAddress!, rows: rows) }
    }
}

extension AttentionMatrix {
    /// The matrix with the rows and columns of hidden tokens (typically `[CLS]` and `[SEP]`, which soak up
    /// most of the attention) set to zero and every remaining row renormalised to sum to 1, so what is left
    /// reads as "attention among the visible tokens". A row whose visible mass is zero stays zero.
    public func hiding(_ hidden: [Bool]) -> AttentionMatrix {
        precondition(hidden.count == size, "one flag per token")
        var out = values
        for q in 0..<size {
            let base = q * size
            if hidden[q] {
                for k in 0..<size { out[base + k] = 0 }
                continue
            }
            var sum: Float = 0
            for k in 0..<size {
                if hidden[k] { out[base + k] = 0 } else { sum += out[base + k] }
            }
            guard sum > 0 else { continue }
            for k in 0..<size { out[base + k] /= sum }
        }
        return AttentionMatrix(size: size, values: out)
    }
}

/// Hugging Face's `truncate_encodings` with the longest-first strategy, stride 0, cutting on the right.
enum Truncation {
    /// How many tokens of each sequence to keep so that `first + second <= maxLength`
    /// (`maxLength` already excludes the template's special tokens).
    static func lengths(first: Int, second: Int?, maxLength: Int) -> (Int, Int?) {
        guard let second else { return (min(first, maxLength), nil) }
        if first + second <= maxLength { return (first, second) }
        var n1 = first, n2 = second
        let swap = n1 > n2
        if swap { Swift.swap(&n1, &n2) }
        if n1 > maxLength {
            n2 = n1
        } else {
            n2 = max(n1, maxLength - n1)
        }
        if n1 + n2 > maxLength {
            n1 = maxLength / 2
            n2 = n1 + maxLength % 2
        }
        if swap { Swift.swap(&n1, &n2) }
        return (min(n1, first), min(n2, second))
    }
}

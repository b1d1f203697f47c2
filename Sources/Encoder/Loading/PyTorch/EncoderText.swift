/// Names read from a checkpoint are hostile: control characters are shown escaped and length is capped before
/// a name reaches an error message (and so the terminal).
enum EncoderText {
    static func escaped(_ text: some StringProtocol, limit: Int = 200) -> String {
        let scalars = text.unicodeScalars
        let shown = scalars.prefix(limit).map { scalar in
            [.control, .format, .lineSeparator, .paragraphSeparator].contains(scalar.properties.generalCategory)
                ? scalar.escaped(asASCII: true) : String(scalar)
        }.joined()
        return scalars.count > limit ? shown + "…" : shown
    }
}

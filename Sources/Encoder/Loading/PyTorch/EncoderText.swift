import SafeText

/// Names read from a checkpoint are hostile: escaped by the one terminal rule (`TerminalText`) and capped in
/// length before a name reaches an error message (and so the terminal).
enum EncoderText {
    static func escaped(_ text: some StringProtocol, limit: Int = 200) -> String {
        TerminalText.escaped(text, limit: limit)
    }
}

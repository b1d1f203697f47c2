import SafeText

/// Text from data and head files shown in messages, quoted and cut, escaped by the one terminal rule
/// (`TerminalText`) so nothing read from a file can move the cursor or change the terminal.
public enum TextEscaping {
    public static func quoted(_ text: String, limit: Int = 80) -> String {
        "'" + TerminalText.escaped(text, limit: limit) + "'"
    }

    /// `quoted` without the quotes, for labels printed in tables.
    public static func plain(_ text: String, limit: Int = 40) -> String {
        TerminalText.escaped(text, limit: limit)
    }
}

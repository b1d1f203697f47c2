import SafeText

/// Text from a model directory made safe for a terminal, by the one rule every module uses (`TerminalText`).
public enum DisplayText {
    public static func escaped(_ text: String) -> String { TerminalText.escaped(text) }
}

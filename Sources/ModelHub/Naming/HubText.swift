import SafeText

/// Makes text that came from a server, a file name or the command line safe to print on one terminal line.
enum HubText {
    /// `text` escaped by the one terminal rule (`TerminalText`), cut to `limit` characters.
    static func escaped(_ text: some StringProtocol, limit: Int = 200) -> String {
        TerminalText.escaped(text, limit: limit)
    }

    static func quoted(_ text: some StringProtocol) -> String { "'" + escaped(text) + "'" }
}

extension HubText {
    /// A single path component a server may name (a commit, an etag): no separator, no dot-only name.
    static func isSafeComponent(_ text: String) -> Bool {
        (1...128).contains(text.utf8.count) && text != "." && text != ".."
            && text.utf8.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0)
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// A repo file path a server may name: relative, `/`-separated, no empty/`.`/`..` component, no control
    /// character or backslash.
    static func isSafeRepoPath(_ path: String) -> Bool {
        guard (1...1000).contains(path.utf8.count),
              path.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F && $0 != "\\" }) else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}

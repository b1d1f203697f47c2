/// A first argument that looks like a misspelt subcommand (`tokenise`): the explorer would otherwise open
/// with it as the sentence. A sentence that really starts with such a word goes after `--`.
enum SubcommandTypo {
    static var names: [String] { BertExplorer.configuration.subcommands.map { $0.configuration.commandName ?? "" } + ["help"] }

    /// The error to print, or nil when `arguments` are fine.
    static func check(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !names.contains(first),
              !first.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
        let word = first.lowercased()
        guard let match = names.filter({ $0 != "help" }).min(by: { distance(word, $0) < distance(word, $1) }),
              distance(word, match) <= 2 else { return nil }
        return "unknown command '\(first)'; did you mean '\(match)'? (to explore a sentence starting with this word, "
            + "put it after --: bert-explorer -- \(first) ...)"
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

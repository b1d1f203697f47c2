/// Entity-level precision/recall/F1 counted as `seqeval` does in its default mode (conlleval rules): entities
/// are extracted from BIO or BIOES tags (an `I-` after `O` or after another type starts an entity), and an
/// entity counts as correct when its type, start and end all match.
public struct EntityMetrics: Sendable, Codable, Equatable {
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var types: [ClassMetrics]

    public init(gold: [[String]], predicted: [[String]]) {
        let goldEntities = Set(Self.entities(gold)), predictedEntities = Set(Self.entities(predicted))
        let correct = goldEntities.intersection(predictedEntities)
        let overall = ClassMetrics(label: "", correct: correct.count, predicted: predictedEntities.count, gold: goldEntities.count)
        precision = overall.precision
        recall = overall.recall
        f1 = overall.f1
        let typeNames = Set(goldEntities.map(\.type)).union(predictedEntities.map(\.type)).sorted()
        types = typeNames.map { name in
            ClassMetrics(label: name, correct: correct.filter { $0.type == name }.count,
                         predicted: predictedEntities.filter { $0.type == name }.count,
                         gold: goldEntities.filter { $0.type == name }.count)
        }
    }

    /// True when the labels look like BIO/BIOES tags (every label is `O` or `B-`/`I-`/`E-`/`S-` + type).
    public static func isChunkScheme(_ labels: [String]) -> Bool {
        labels.contains { $0 != "O" } && labels.allSatisfy { label in
            label == "O" || (label.count > 2 && "BIES".contains(label.first!) && label.dropFirst().first == "-")
        }
    }

    /// seqeval's `get_entities` over sentences joined by `O` separators: `(type, start, end)` in that flat index.
    public static func entities(_ sentences: [[String]]) -> [Entity] {
        var flat: [String] = []
        for sentence in sentences { flat += sentence + ["O"] }
        var chunks: [Entity] = []
        var previousTag: Character = "O", previousType = "", begin = 0
        for (index, chunk) in (flat + ["O"]).enumerated() {
            let tag = chunk.first ?? "O"
            let rest = chunk.dropFirst()
            var type = rest.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).last.map(String.init) ?? ""
            if type.isEmpty { type = "_" }
            if endOfChunk(previousTag, tag, previousType, type) { chunks.append(Entity(type: previousType, start: begin, end: index - 1)) }
            if startOfChunk(previousTag, tag, previousType, type) { begin = index }
            previousTag = tag
            previousType = type
        }
        return chunks
    }

    static func endOfChunk(_ previous: Character, _ tag: Character, _ previousType: String, _ type: String) -> Bool {
        if previous == "E" || previous == "S" { return true }
        if previous == "B" || previous == "I", tag == "B" || tag == "S" || tag == "O" { return true }
        return previous != "O" && previous != "." && previousType != type
    }

    static func startOfChunk(_ previous: Character, _ tag: Character, _ previousType: String, _ type: String) -> Bool {
        if tag == "B" || tag == "S" { return true }
        if previous == "E" || previous == "S" || previous == "O", tag == "E" || tag == "I" { return true }
        return tag != "O" && tag != "." && previousType != type
    }
}

/// What a head predicts: one label per sentence (or pair), or one label per word.
public enum TrainingTask: String, Sendable, Codable, CaseIterable {
    case sentence
    case token
}

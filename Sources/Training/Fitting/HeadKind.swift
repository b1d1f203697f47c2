/// The head on the frozen features: softmax regression, or one ReLU hidden layer then softmax.
public enum HeadKind: String, Sendable, Codable, CaseIterable {
    case linear
    case mlp
}

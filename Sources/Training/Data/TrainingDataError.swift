/// Bad training or evaluation data: one line naming the file (and the line when there is one).
public struct TrainingDataError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(file: String, line: Int? = nil, _ message: String) {
        description = line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }

    public init(_ description: String) { self.description = description }
}

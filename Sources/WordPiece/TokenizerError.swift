/// A tokenizer file that cannot be used: one line naming the file, the line for `vocab.txt`, and the problem.
public struct TokenizerError: Error, CustomStringConvertible, Equatable {
    /// The file's path as given.
    public var file: String
    /// 1-based line, for line-oriented files.
    public var line: Int?
    public var problem: String

    public init(file: String, line: Int? = nil, problem: String) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public var description: String {
        if let line { return "\(file): line \(line): \(problem)" }
        return "\(file): \(problem)"
    }
}

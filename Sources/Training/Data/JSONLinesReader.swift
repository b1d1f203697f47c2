import Foundation

/// One JSON object per line; the text, pair and label columns are string members (a number or boolean label is
/// taken as its text).
public struct JSONLinesReader: Sendable {
    public let file: String
    public let columns: DataColumns

    public init(file: String, columns: DataColumns) {
        self.file = file
        self.columns = columns
    }

    public func examples(_ bytes: [UInt8]) throws -> [LabeledExample] {
        var examples: [LabeledExample] = []
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw TrainingDataError(file: file, line: lineNumber, "not a JSON object")
            }
            func member(_ name: String) throws -> String {
                switch object[name] {
                case let text as String: return text
                case let number as NSNumber: return number.stringValue
                default:
                    let known = object.keys.sorted().map { TextEscaping.quoted($0) }.joined(separator: ", ")
                    throw TrainingDataError(file: file, line: lineNumber, "no string member \(TextEscaping.quoted(name)) (members: \(known))")
                }
            }
            let label = try member(columns.label)
            guard !label.isEmpty else { throw TrainingDataError(file: file, line: lineNumber, "empty label") }
            examples.append(LabeledExample(text: try member(columns.text), pair: try columns.pair.map(member),
                                           label: label, line: lineNumber))
        }
        return examples
    }
}

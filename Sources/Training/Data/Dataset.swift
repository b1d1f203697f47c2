import Foundation

/// The examples of one data file, with the file's content hash (recorded in a head and part of the feature
/// cache key).
public struct Dataset: Sendable {
    public let file: String
    public let task: TrainingTask
    public let examples: [LabeledExample]
    public let contentHash: String

    public init(file: String, task: TrainingTask, examples: [LabeledExample], contentHash: String) {
        self.file = file
        self.task = task
        self.examples = examples
        self.contentHash = contentHash
    }

    /// Reads `path`: CoNLL (`token<TAB>tag`, blank lines between sentences) for the token task; for the sentence
    /// task CSV, TSV (`.tsv`/`.tab`) or JSON lines (`.jsonl`/`.ndjson`/`.json`), by extension (CSV otherwise).
    public static func load(path: String, task: TrainingTask, columns: DataColumns) throws -> Dataset {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw TrainingDataError(file: path, "cannot read the file (\((error as NSError).localizedDescription))")
        }
        let examples: [LabeledExample]
        switch task {
        case .token:
            examples = try CoNLLReader(file: path).examples(bytes)
        case .sentence:
            let lower = path.lowercased()
            if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") {
                examples = try JSONLinesReader(file: path, columns: columns).examples(bytes)
            } else {
                let tab = lower.hasSuffix(".tsv") || lower.hasSuffix(".tab")
                let records = try DelimitedReader(delimiter: UInt8(ascii: tab ? "\t" : ","), file: path).records(bytes)
                examples = try table(records, columns: columns, file: path)
            }
        }
        guard !examples.isEmpty else { throw TrainingDataError(file: path, "no examples (the file is empty)") }
        return Dataset(file: path, task: task, examples: examples, contentHash: ContentHash.hex(bytes))
    }

    /// Examples from header + rows, naming the missing column and the columns there are.
    static func table(_ records: [(line: Int, fields: [String])], columns: DataColumns, file: String) throws -> [LabeledExample] {
        guard let header = records.first else { return [] }
        func column(_ name: String) throws -> Int {
            guard let index = header.fields.firstIndex(of: name) else {
                let known = header.fields.map { TextEscaping.quoted($0) }.joined(separator: ", ")
                throw TrainingDataError(file: file, line: header.line, "no column \(TextEscaping.quoted(name)) in the header (columns: \(known))")
            }
            return index
        }
        let text = try column(columns.text), label = try column(columns.label)
        let pair = try columns.pair.map(column)
        return try records.dropFirst().map { record in
            guard record.fields.count == header.fields.count else {
                throw TrainingDataError(file: file, line: record.line, "\(record.fields.count) fields, the header has \(header.fields.count)")
            }
            let value = record.fields[label].trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { throw TrainingDataError(file: file, line: record.line, "empty label") }
            return LabeledExample(text: record.fields[text], pair: pair.map { record.fields[$0] }, label: value, line: record.line)
        }
    }

    /// The labels in first-seen order.
    public var labelsInOrder: [String] {
        var seen = Set<String>(), order: [String] = []
        for example in examples {
            for label in task == .token ? example.tags : [example.label] where seen.insert(label).inserted {
                order.append(label)
            }
        }
        return order
    }

    /// Throws if some label occurs only once (no head can learn it, and a split cannot put it on both sides).
    public func requireEveryLabelTwice() throws {
        var counts: [String: (count: Int, line: Int)] = [:]
        for example in examples {
            for label in task == .token ? example.tags : [example.label] {
                counts[label, default: (0, example.line)].count += 1
            }
        }
        if let once = counts.filter({ $0.value.count == 1 }).min(by: { $0.value.line < $1.value.line }) {
            throw TrainingDataError(file: file, line: once.value.line,
                                    "label \(TextEscaping.quoted(once.key)) occurs only once; every label needs at least 2 examples")
        }
    }
}

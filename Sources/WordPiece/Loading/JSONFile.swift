import Foundation

/// Reads a JSON object file, with errors that name the file.
enum JSONFile {
    static func object(at url: URL) throws -> [String: Any] {
        let data = try FileData.read(url)
        let value: Any
        do {
            value = try data.withUnsafeBytes { (raw) throws(JSONReader.Failure) -> Any in
                try JSONReader.parse(raw.bindMemory(to: UInt8.self))
            }
        } catch let error as JSONReader.Failure {
            throw TokenizerError(file: url.path, problem: "not valid JSON (\(error.reason) at byte \(error.offset))")
        }
        guard let object = value as? [String: Any] else {
            throw TokenizerError(file: url.path, problem: "expected a JSON object at the top level")
        }
        return object
    }

    /// A flag that may be absent or null.
    static func bool(_ value: Any?) -> Bool? { value as? Bool }

    /// An integer, or nil for absent, null, non-integral or absurdly large values (`1e30` sentinels).
    static func int(_ value: Any?) -> Int? {
        if let int = value as? Int { return abs(int) < 1 << 50 ? int : nil }
        if let double = value as? Double, double.rounded() == double, abs(double) < 1e15 { return Int(double) }
        return nil
    }

    /// A length limit such as `model_max_length`: nil when absent, null or the huge "no limit" sentinel that
    /// `transformers` writes (`1e30`, `1000000000000000019884624838656`); a number that is not a positive integer
    /// is an error naming `key` and the file.
    static func lengthLimit(_ value: Any?, key: String, file: URL) throws -> Int? {
        let number: Double
        switch value {
        case nil, is JSONReader.Null: return nil
        case let int as Int: number = Double(int)
        case let double as Double: number = double
        default: throw TokenizerError(file: file.path, problem: "\(key) must be a positive integer, got \(value!)")
        }
        guard number > 0, number.rounded() == number else {
            throw TokenizerError(file: file.path, problem: "\(key) must be a positive integer, got \(value!)")
        }
        return int(value)
    }

    /// A token name that is either a string or an AddedToken-like object with `content`.
    static func tokenName(_ value: Any?) -> String? {
        if let string = value as? String { return string }
        if let object = value as? [String: Any] { return object["content"] as? String }
        return nil
    }
}

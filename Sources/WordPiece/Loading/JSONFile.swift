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

    /// A token name that is either a string or an AddedToken-like object with `content`.
    static func tokenName(_ value: Any?) -> String? {
        if let string = value as? String { return string }
        if let object = value as? [String: Any] { return object["content"] as? String }
        return nil
    }
}

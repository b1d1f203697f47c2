import Foundation

/// Reads a JSON object file, with errors that name the file.
enum JSONFile {
    static func object(at url: URL) throws -> [String: Any] {
        let data = try FileData.read(url)
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw TokenizerError(file: url.path, problem: "not valid JSON (\(Self.reason(error)))")
        }
        guard let object = value as? [String: Any] else {
            throw TokenizerError(file: url.path, problem: "expected a JSON object at the top level")
        }
        return object
    }

    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String ?? nsError.localizedDescription
        return detail.replacingOccurrences(of: "\n", with: " ")
    }

    /// A flag that may be absent or null.
    static func bool(_ value: Any?) -> Bool? {
        if let number = value as? NSNumber, !(value is NSNull) { return number.boolValue }
        return nil
    }

    /// An integer, or nil for absent, null, non-integral or absurdly large values (`1e30` sentinels).
    static func int(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        guard double.rounded() == double, abs(double) < 1e15 else { return nil }
        return number.intValue
    }

    /// A token name that is either a string or an AddedToken-like object with `content`.
    static func tokenName(_ value: Any?) -> String? {
        if let string = value as? String { return string }
        if let object = value as? [String: Any] { return object["content"] as? String }
        return nil
    }
}

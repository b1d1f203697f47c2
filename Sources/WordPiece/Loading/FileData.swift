import Foundation

/// Whole-file reads with one-line errors.
enum FileData {
    static func read(_ url: URL) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw TokenizerError(file: url.path, problem: "file not found")
        }
        if isDirectory.boolValue { throw TokenizerError(file: url.path, problem: "is a directory, expected a file") }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw TokenizerError(file: url.path, problem: "cannot read the file")
        }
    }
}

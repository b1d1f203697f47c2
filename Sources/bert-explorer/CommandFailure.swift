import ArgumentParser
import Foundation

/// A one-line error for the user: ArgumentParser prints it as `Error: <message>` and exits with code 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension CommandFailure {
    /// Runs `body`, turning any error into a `CommandFailure` (one line, exit code 1) so no error escapes as a crash.
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let failure as CommandFailure { throw failure } catch {
            throw CommandFailure("\(error)")
        }
    }
}

extension CommandFailure: LocalizedError {
    var errorDescription: String? { description }
}

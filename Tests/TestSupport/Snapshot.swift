import Foundation
import TerminalUI
import XCTest

/// Text snapshots kept in `Tests/Fixtures/snapshots/<name>.txt`.
///
/// Set `RECORD_SNAPSHOTS=1` to write (or rewrite) the files instead of comparing; a missing file is a
/// failure otherwise, so a forgotten recording can never pass silently.
public enum Snapshot {
    /// The fixture file for `name` (`"terminal/legend"` is `Tests/Fixtures/snapshots/terminal/legend.txt`).
    public static func url(named name: String) -> URL { Fixtures.url("snapshots/\(name).txt") }

    /// Whether this run records snapshots (`RECORD_SNAPSHOTS` set to anything but empty or `0`).
    public static var isRecording: Bool {
        let value = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] ?? ""
        return !value.isEmpty && value != "0"
    }

    /// Compares `actual` with the stored snapshot (or records it) and returns a failure message, or nil
    /// when they match or it was recorded. Usable from XCTest and Swift Testing alike.
    public static func verify(_ actual: String, named name: String) -> String? {
        let file = url(named: name)
        if isRecording {
            do {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(),
                                                        withIntermediateDirectories: true)
                try actual.write(to: file, atomically: true, encoding: .utf8)
                return nil
            } catch {
                return "Could not record snapshot '\(name)' at \(file.path): \(error)"
            }
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            return """
                No snapshot '\(name)' at \(file.path). Record it with RECORD_SNAPSHOTS=1 and review the file.
                Actual:
                \(actual)
                """
        }
        return difference(expected: expected, actual: actual).map { "Snapshot '\(name)' differs: \($0)" }
    }

    /// A description of the first difference between two renderings, or nil if they are equal.
    public static func difference(expected: String, actual: String) -> String? {
        guard expected != actual else { return nil }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let index = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
        let expectedLine = index < e.count ? String(e[index]) : "<end of file>"
        let actualLine = index < a.count ? String(a[index]) : "<end of file>"
        let column = (zip(expectedLine, actualLine).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLine.count, actualLine.count)) + 1
        return """
            first difference at line \(index + 1), column \(column) (\(section(of: index, in: e))):
              expected: \(expectedLine)
              actual:   \(actualLine)
              here:     \(String(repeating: " ", count: column - 1))^
            Actual snapshot:
            \(actual)
            Re-record with RECORD_SNAPSHOTS=1 if the change is intended.
            """
    }

    /// Which part of a `SnapshotRenderer` rendering a line belongs to, for the failure message.
    private static func section(of line: Int, in lines: [Substring]) -> String {
        guard let header = lines.first, header.hasPrefix("screen "),
              let attributesLine = lines.firstIndex(of: "attributes") else { return "text" }
        if line == 0 { return "size" }
        if line < attributesLine { return "glyphs, screen row \(line - 1)" }
        if line == attributesLine { return "attributes header" }
        if line <= attributesLine + (attributesLine - 1) { return "attributes, screen row \(line - attributesLine - 1)" }
        return "attribute legend"
    }
}

/// Asserts that `screen` matches the snapshot `name` (glyphs and colours/styles; see `SnapshotRenderer`).
public func assertSnapshot(_ screen: Screen, named name: String, file: StaticString = #filePath, line: UInt = #line) {
    assertSnapshot(SnapshotRenderer.render(screen), named: name, file: file, line: line)
}

/// Asserts that `text` matches the snapshot `name` byte for byte.
public func assertSnapshot(_ text: String, named name: String, file: StaticString = #filePath, line: UInt = #line) {
    if let failure = Snapshot.verify(text, named: name) { XCTFail(failure, file: file, line: line) }
}

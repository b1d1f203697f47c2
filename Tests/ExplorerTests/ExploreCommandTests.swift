import TestSupport
import XCTest

/// The default command's failure paths: one clear line and exit code 1, never a crash or a garbled terminal.
final class ExploreCommandTests: XCTestCase {
    func testWithoutATerminalItSaysSo() throws {
        let result = try BuiltBinary.run(["The cat sat."], input: Data())
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("needs an interactive terminal"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
    }

    func testAMissingModelIsOneLine() throws {
        let result = try BuiltBinary.run(["--model", "/nonexistent/model", "x"], input: Data())
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("/nonexistent/model"), result.stderr)
    }
}

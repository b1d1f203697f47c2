import Foundation
import TestSupport
import XCTest

/// Commands that open the terminal fail with one line and exit code 1 when run in a pipe.
final class TerminalRequiredTests: XCTestCase {
    func testKeysWithoutATerminalNamesNoOtherCommand() throws {
        let result = try BuiltBinary.run(["keys"], input: Data())
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, "Error: bert-explorer needs a terminal (standard input and output must be a TTY)\n")
    }
}

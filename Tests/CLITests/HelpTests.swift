import TestSupport
import XCTest

final class HelpTests: XCTestCase {
    func testHelpListsSubcommands() throws {
        let result = try BuiltBinary.run(["--help"])
        XCTAssertEqual(result.status, 0)
        for name in ["tokenize", "inspect", "bench"] { XCTAssertTrue(result.stdout.contains(name), name) }
    }
}

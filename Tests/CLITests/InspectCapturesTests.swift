import Foundation
import TestSupport
import XCTest

/// `inspect --attention-norms` against transformers' float64 norm-based attention
/// (Tests/Fixtures/analysis/reference.json), and `--qkv` shapes; neither appears without its flag.
final class InspectCapturesTests: XCTestCase {
    private func inspect(_ arguments: [String]) throws -> [String: Any] {
        let result = try BuiltBinary.run(["inspect"] + arguments)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    private func flatten(_ value: Any) -> [Double] {
        if let list = value as? [Any] { return list.flatMap(flatten) }
        return [(value as! NSNumber).doubleValue]
    }

    func testAttentionNormsMatchTheFloat64Reference() throws {
        let json = try inspect(["--attention-norms", "--qkv", "The cat sat on the mat."])
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url("analysis/reference.json"))) as! [String: Any]
        let bundled = (reference["models"] as! [String: [String: Any]])["bundled"]!
        let first = (bundled["cases"] as! [[String: Any]])[0]
        XCTAssertEqual((json["tokens"] as! [[String: Any]]).map { $0["id"] as! Int }, first["ids"] as! [Int])
        let actual = flatten(try XCTUnwrap(json["attention_norms"])), expected = flatten(first["norm_attention"]!)
        XCTAssertEqual(actual.count, 6 * 12 * 9 * 9)
        XCTAssertEqual(actual.count, expected.count)
        for (a, e) in zip(actual, expected) { XCTAssertLessThanOrEqual(abs(a - e), 1e-4 * abs(e) + 1e-6, "\(a) vs \(e)") }
        for name in ["queries", "keys", "values"] {
            let layers = try XCTUnwrap(json[name] as? [[[[Double]]]], name)
            XCTAssertEqual([layers.count, layers[0].count, layers[0][0].count, layers[0][0][0].count], [6, 12, 9, 32], name)
        }
        let plain = try inspect(["The cat sat on the mat."])
        XCTAssertNil(plain["attention_norms"])
        XCTAssertNil(plain["queries"])
    }
}

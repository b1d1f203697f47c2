import Foundation
import TestSupport
import Training
import XCTest

/// Encoder fingerprints: the lane hash heads record now, and the single-chain hash heads recorded before it, which
/// still identify the same weights.
final class EncoderFingerprintTests: XCTestCase {
    func testHeadsRecordedEitherWayMatchTheirWeightsAndNoOthers() throws {
        let fingerprint = EncoderFingerprint.of(directory: Fixtures.bundledModel)
        let value = try fingerprint.value()
        XCTAssertEqual(value.count, 17)
        XCTAssertTrue(value.hasPrefix("w"))
        XCTAssertTrue(fingerprint.matches(value))
        // What the committed explorer heads recorded for the bundled model before the lane hash.
        let recorded = try String(contentsOf: Fixtures.url("explorer-heads/sentiment/head.json"), encoding: .utf8)
        let legacy = try XCTUnwrap(recorded.firstMatch(of: /"encoder_fingerprint" : "([0-9a-f]{16})"/)?.1)
        XCTAssertTrue(fingerprint.matches(String(legacy)))
        XCTAssertFalse(fingerprint.matches("0123456789abcdef"))
        XCTAssertFalse(fingerprint.matches("w0123456789abcdef"))
        XCTAssertFalse(fingerprint.matches(""))
        let tiny = EncoderFingerprint.of(directory: Fixtures.url("encoder/models/tiny-base"))
        XCTAssertNotEqual(try tiny.value(), value)
        XCTAssertFalse(tiny.matches(String(legacy)))
        XCTAssertFalse(tiny.matches(value))
        // Unreadable weights match nothing, and say so when asked for the value.
        let missing = EncoderFingerprint.of(directory: Fixtures.url("no-such-model"))
        XCTAssertFalse(missing.matches(value))
        XCTAssertFalse(missing.matches(String(legacy)))
        XCTAssertThrowsError(try missing.value())
    }

    func testTheLaneHashSeesEveryByteAndTheLength() {
        var bytes = [UInt8](repeating: 7, count: 200)
        func hash(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes { ContentHash.laneHex($0) } }
        let base = hash(bytes)
        for index in [0, 63, 64, 127, 128, 199] {
            var changed = bytes
            changed[index] ^= 1
            XCTAssertNotEqual(hash(changed), base, "byte \(index)")
        }
        bytes.append(7)
        XCTAssertNotEqual(hash(bytes), base)
    }
}

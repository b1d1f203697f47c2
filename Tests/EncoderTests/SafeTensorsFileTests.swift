import Encoder
import Foundation
import SeededRandom
import TestSupport
import XCTest

/// Header validation of the safetensors reader: every malformed file is a thrown error, never a crash.
final class SafeTensorsFileTests: XCTestCase {
    private func sample() -> SafeTensorsBuilder {
        var builder = SafeTensorsBuilder()
        builder.addFloat32("a", shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        builder.addFloat32("b", shape: [4], values: [7, 8, 9, 10])
        builder.addFloat32("scalar", shape: [], values: [11])
        return builder
    }

    private func parse(_ data: Data) throws -> [String: TensorInfo] {
        try data.withUnsafeBytes { try SafeTensorsFile.parseHeader($0).tensors }
    }

    private func assertRejected(_ data: Data, mentioning fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(data), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(fragment), "\"\(message)\" should mention \"\(fragment)\"", file: file, line: line)
            XCTAssertFalse(message.contains("\n"), "one-line message", file: file, line: line)
        }
    }

    func testReadsValidFileFromDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString).safetensors")
        try sample().bytes().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try SafeTensorsFile(url: url)
        XCTAssertEqual(file.tensors["a"]?.shape, [2, 3])
        XCTAssertEqual(file.tensors["scalar"]?.shape, [])
        XCTAssertEqual(file.metadata["format"], "pt")
        let bytes = file.bytes(of: file.tensors["b"]!)
        XCTAssertEqual(bytes.loadUnaligned(fromByteOffset: 4, as: Float.self), 8)
    }

    func testAcceptsUnusedIntegerBuffers() throws {
        var builder = sample()
        builder.entries.append(.init(name: "embeddings.position_ids", dtype: "I64", shape: [1, 2],
                                     offsets: (builder.data.count, builder.data.count + 16)))
        builder.data.append(Data(count: 16))
        XCTAssertEqual(try parse(builder.bytes())["embeddings.position_ids"]?.dtype, .i64)
    }

    func testRejectsMisalignedWeights() {
        var builder = sample()
        var header = builder.headerJSON
        header += String(repeating: " ", count: (8 - (8 + header.utf8.count) % 8) % 8 + 1)
        assertRejected(builder.bytes(header: header), mentioning: "not aligned to its 4-byte F32 elements")
        builder.entries.append(.init(name: "odd", dtype: "U8", shape: [1], offsets: (builder.data.count, builder.data.count + 1)))
        builder.data.append(0)
        XCTAssertNoThrow(try parse(builder.bytes()), "byte-sized tensors need no alignment")
    }

    func testRejectsTruncatedFile() {
        assertRejected(Data([1, 2, 3]), mentioning: "too short")
        let full = sample().bytes()
        assertRejected(full.prefix(full.count - 5), mentioning: "past the end of the data")
    }

    func testRejectsHeaderLengthPastEndOfFile() {
        var data = sample().bytes()
        data.replaceSubrange(0..<8, with: withUnsafeBytes(of: UInt64(data.count).littleEndian) { Data($0) })
        assertRejected(data, mentioning: "past the end of the file")
        data.replaceSubrange(0..<8, with: withUnsafeBytes(of: UInt64.max.littleEndian) { Data($0) })
        assertRejected(data, mentioning: "limit")
    }

    func testRejectsMalformedJSON() {
        assertRejected(sample().bytes(header: "{\"a\": {\"dtype\": \"F32\", "), mentioning: "not valid JSON")
        assertRejected(sample().bytes(header: "[1, 2]"), mentioning: "not a JSON object")
        assertRejected(sample().bytes(header: "{\"a\": 3}"), mentioning: "entry is not an object")
        assertRejected(sample().bytes(header: "{\"a\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}"),
                       mentioning: "non-negative integers")
        assertRejected(sample().bytes(header: "{\"a\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}"),
                       mentioning: "non-negative integers")
        assertRejected(sample().bytes(header: "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 0]}}"),
                       mentioning: "data_offsets")
    }

    func testRejectsUnknownDType() {
        var builder = sample()
        builder.entries[0].dtype = "F17"
        assertRejected(builder.bytes(), mentioning: "unknown dtype F17")
    }

    func testRejectsShapeNotMatchingSpan() {
        var builder = sample()
        builder.entries[0].shape = [3, 3]
        assertRejected(builder.bytes(), mentioning: "needs 36 bytes but data_offsets span 24")
        builder.entries[0].shape = [Int.max / 2, 4]
        assertRejected(builder.bytes(), mentioning: "too large")
    }

    func testRejectsOverlappingAndOutOfRangeSpans() {
        var builder = sample()
        builder.entries[1].offsets = (20, 36)
        assertRejected(builder.bytes(), mentioning: "overlap")
        builder = sample()
        builder.entries[1].offsets = (builder.data.count, builder.data.count + 16)
        assertRejected(builder.bytes(), mentioning: "past the end of the data")
    }

    /// 10,000 mutations of a valid file (byte flips, digit and bracket edits, truncation, length changes):
    /// each either parses to entries whose spans lie inside the data, or throws.
    func testFuzzedHeadersNeverCrash() {
        let valid = sample().bytes()
        var generator = SeededGenerator(seed: 0x5AFE_7E50)
        let interesting: [UInt8] = Array("{}[]\",:0123456789-.eE \\u".utf8) + [0, 0xFF, 0x80]
        var accepted = 0, rejected = 0
        for _ in 0..<10_000 {
            var bytes = [UInt8](valid)
            let mutations = 1 + Int(generator.next() % 4)
            for _ in 0..<mutations {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 6 {
                case 0: bytes[position] ^= UInt8(truncatingIfNeeded: 1 << (generator.next() % 8))
                case 1: bytes[position] = interesting[Int(generator.next() % UInt64(interesting.count))]
                case 2: bytes.insert(interesting[Int(generator.next() % UInt64(interesting.count))], at: position)
                case 3: if bytes.count > 1 { bytes.remove(at: position) }
                case 4: bytes.removeLast(Int(generator.next() % UInt64(bytes.count)))
                default: bytes[Int(generator.next() % UInt64(min(8, bytes.count)))] = UInt8(truncatingIfNeeded: generator.next())
                }
                if bytes.isEmpty { bytes = [0] }
            }
            do {
                let parsed = try bytes.withUnsafeBytes { try SafeTensorsFile.parseHeader($0) }
                let dataLength = bytes.count - parsed.dataStart
                for info in parsed.tensors.values {
                    XCTAssertLessThanOrEqual(info.span.upperBound, dataLength)
                    XCTAssertEqual(info.span.count, info.elementCount * info.dtype.size)
                }
                accepted += 1
            } catch {
                rejected += 1
            }
        }
        print("fuzz: \(accepted) accepted, \(rejected) rejected")
        XCTAssertEqual(accepted + rejected, 10_000)
        XCTAssertGreaterThan(rejected, 1000)
    }
}

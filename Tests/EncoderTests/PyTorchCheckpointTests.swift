import Encoder
import Foundation
import SeededRandom
import TestSupport
import XCTest

/// `pytorch_model.bin` read without running its pickle: parity with the same weights as safetensors (both written
/// by torch / safetensors in the fixture script), and refusal of hostile files.
final class PyTorchCheckpointTests: XCTestCase {
    private func assertSameTensors(_ bin: PyTorchCheckpoint, _ safe: SafeTensorsFile, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(bin.tensors.keys), Set(safe.tensors.keys), file: file, line: line)
        for (name, info) in safe.tensors {
            guard let other = bin.tensors[name] else { continue }
            XCTAssertEqual(other.dtype, info.dtype, name, file: file, line: line)
            XCTAssertEqual(other.shape, info.shape, name, file: file, line: line)
            XCTAssertTrue(bin.bytes(of: other).elementsEqual(safe.bytes(of: info)), "bytes of \(name)", file: file, line: line)
            XCTAssertEqual(Int(bitPattern: bin.bytes(of: other).baseAddress) % max(1, other.dtype.size), 0, "\(name) is aligned", file: file, line: line)
        }
    }

    func testTransformersStateDictMatchesSafetensors() throws {
        let bin = try PyTorchCheckpoint(url: Fixtures.url("hub/repo/pytorch_model.bin"))
        let safe = try SafeTensorsFile(url: Fixtures.url("hub/repo/model.safetensors"))
        XCTAssertFalse(safe.tensors.isEmpty)
        assertSameTensors(bin, safe)
    }

    func testHalfPrecisionInt64ParameterAndSharedStorage() throws {
        let bin = try PyTorchCheckpoint(url: Fixtures.url("hub/half.bin"))
        let safe = try SafeTensorsFile(url: Fixtures.url("hub/half.safetensors"))
        assertSameTensors(bin, safe)
        XCTAssertEqual(bin.tensors["embeddings.position_ids"]?.dtype, .i64)
        XCTAssertEqual(bin.tensors["extra.view"]?.shape, [4, 4])
        // The view shares the base tensor's storage, 2 rows in.
        let base = try XCTUnwrap(bin.tensors["extra.base"]), view = try XCTUnwrap(bin.tensors["extra.view"])
        XCTAssertEqual(view.span.lowerBound, base.span.lowerBound + 2 * 4 * 2)
    }

    func testHostileCheckpointsAreRefusedWithoutRunningAnything() throws {
        let marker = "/tmp/bert-explorer-pwned"
        try? FileManager.default.removeItem(atPath: marker)
        let expected = [
            "os-system.bin": "refusing global posix.system",
            "builtins-eval.bin": "refusing global builtins.eval",
            "storage-popen.bin": "refusing global subprocess.Popen",
            "deflated.bin": "is compressed (method 8)",
            "legacy.bin": "not a zip archive",
        ]
        for (name, fragment) in expected {
            XCTAssertThrowsError(try PyTorchCheckpoint(url: Fixtures.url("hub/pickles/" + name)), name) { error in
                XCTAssertTrue(error is PyTorchError, "\(name): \(error)")
                XCTAssertTrue("\(error)".contains(fragment), "\(name): \(error)")
                XCTAssertFalse("\(error)".contains("\n"), "\(name): \(error)")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "the payload ran")
    }

    /// Random byte changes (fixed seed) to a real checkpoint: every outcome is a clean error or a checkpoint
    /// whose spans lie inside the file, never a crash, hang or unbounded allocation.
    func testMutatedCheckpointsNeverCrash() throws {
        let original = try Data(contentsOf: Fixtures.url("hub/half.bin"))
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: target) }
        var generator = SeededGenerator(seed: 0xBE27)
        var refused = 0, accepted = 0
        for round in 0..<300 {
            var bytes = [UInt8](original)
            // Half the rounds aim at data.pkl (the first member), the rest anywhere.
            let region = round % 2 == 0 ? 0..<min(4200, bytes.count) : 0..<bytes.count
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let at = region.lowerBound + Int(generator.next() % UInt64(region.count))
                bytes[at] = UInt8(truncatingIfNeeded: generator.next())
            }
            if round % 50 == 49 { bytes.removeLast(Int(generator.next() % UInt64(bytes.count))) }
            try Data(bytes).write(to: target)
            do {
                let checkpoint = try PyTorchCheckpoint(url: target)
                for info in checkpoint.tensors.values {
                    XCTAssertLessThanOrEqual(info.span.upperBound, bytes.count)
                    XCTAssertEqual(checkpoint.bytes(of: info).count, info.elementCount * info.dtype.size)
                }
                accepted += 1
            } catch is PyTorchError {
                refused += 1
            }
        }
        XCTAssertGreaterThan(refused, 50)
        XCTAssertGreaterThan(accepted, 0)
    }
}

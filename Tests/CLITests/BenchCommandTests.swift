import Foundation
import TestSupport
import XCTest

/// `bert-explorer bench encoder|tokenizer`, run as a process: bad options fail with one line and exit code 1.
final class BenchCommandTests: XCTestCase {
    /// Asserts that `arguments` fail with exit code 1, no output, and one line on standard error containing `fragment`.
    private func assertFails(_ arguments: [String], mentioning fragment: String,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try BuiltBinary.run(arguments)
        let command = arguments.joined(separator: " ")
        XCTAssertEqual(result.status, 1, "\(command): \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stdout, "", command, file: file, line: line)
        let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertFalse(message.contains("\n"), "\(command): \(message)", file: file, line: line)
        XCTAssertTrue(message.contains(fragment), "\(command): \(message) should mention \(fragment)",
                      file: file, line: line)
    }

    func testBenchEncoderRejectsBadSeconds() throws {
        for seconds in ["nan", "-1", "0", "inf", "1e300", "3601"] {
            try assertFails(["bench", "encoder", "--lengths", "2", "--seconds=\(seconds)"], mentioning: "--seconds")
        }
    }

    func testBenchEncoderRejectsBadLengths() throws {
        for lengths in ["", "0", "-4", "2,x", "2,,4", "1.5", "99999999999999999999"] {
            // `--lengths=` with an empty value is a parse error of ArgumentParser's own, hence two arguments there.
            let option = lengths.isEmpty ? ["--lengths", ""] : ["--lengths=\(lengths)"]
            try assertFails(["bench", "encoder"] + option + ["--seconds", "0.01"],
                            mentioning: "--lengths must be a comma-separated list of positive integers")
        }
    }

    func testBenchEncoderRejectsBadBatchAndKernel() throws {
        for batch in ["0", "-3", "100001"] {
            try assertFails(["bench", "encoder", "--lengths", "2", "--seconds", "0.01", "--batch=\(batch)"], mentioning: "--batch")
        }
        try assertFails(["bench", "encoder", "--lengths", "2", "--seconds", "0.01", "--kernel", "gpu"], mentioning: "--kernel")
        try assertFails(["bench", "encoder", "--lengths", "2", "--seconds", "0.01", "--precision", "fp8"], mentioning: "--precision")
        // Plain bfloat16 is an AMX precision: asked of another kernel it is refused (or, without AMX, refused anyway).
        try assertFails(["bench", "encoder", "--lengths", "2", "--seconds", "0.01", "--kernel", "blas", "--precision", "bf16"],
                        mentioning: "--precision bf16")
    }

    func testBenchEncoderBatchThroughputJSON() throws {
        let result = try BuiltBinary.run(["bench", "encoder", "--lengths", "3,5", "--seconds", "0.01", "--batch", "4",
                                          "--kernel", "blas", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let batches = try XCTUnwrap(report["batch"] as? [[String: Any]])
        XCTAssertEqual(batches.map { $0["tokens"] as? Int }, [3, 5])
        for entry in batches {
            for key in ["one_thread_per_s", "sequential_per_s", "batched_per_s", "ratio", "ratio_to_one_thread"] {
                XCTAssertGreaterThan(try XCTUnwrap(entry[key] as? Double), 0, key)
            }
        }
    }

    func testBenchTokenizerJSONEscapesTheFileNameAndCountsLinesAsSplitlines() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(name: String, contents: String, lines: Int)] = [
            ("say \"hi\" \\ \t.txt", "one\ntwo\n", 2), ("empty.txt", "", 0), ("newline.txt", "\n", 1),
            ("unterminated.txt", "one\r\ntwo", 2),
        ]
        for (name, contents, lines) in cases {
            let file = directory.appendingPathComponent(name)
            try Data(contents.utf8).write(to: file)
            let result = try BuiltBinary.run(["bench", "tokenizer", "--repeat", "1", "--json", file.path])
            XCTAssertEqual(result.status, 0, result.stderr)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                                       result.stdout)
            XCTAssertEqual(object["file"] as? String, name)
            XCTAssertEqual(object["lines"] as? Int, lines, name)
            XCTAssertNotNil(object["mb_per_s"] as? Double, result.stdout)
        }
    }

    func testBenchTokenizerRejectsZeroRepeat() throws {
        try assertFails(["bench", "tokenizer", "--repeat", "0"], mentioning: "--repeat must be at least 1")
    }

    /// `bench startup` runs inspect and the explorer (on a pseudo-terminal, until its first frame with values) as
    /// child processes, here once each and against itself as the baseline: every figure is a positive time.
    func testBenchStartupMeasuresInspectAndTheFirstExplorerFrame() throws {
        let result = try BuiltBinary.run(["bench", "startup", "--runs", "1", "--json", "--baseline", BuiltBinary.url.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                                   result.stdout)
        for key in ["inspect_ms", "first_frame_ms"] {
            let entry = try XCTUnwrap(report[key] as? [String: Any], result.stdout)
            for field in ["median", "best", "ratio_to_baseline"] {
                XCTAssertGreaterThan(try XCTUnwrap(entry[field] as? Double, "\(key).\(field)"), 0, result.stdout)
            }
        }
        try assertFails(["bench", "startup", "--runs", "0"], mentioning: "--runs must be at least 1")
    }
}

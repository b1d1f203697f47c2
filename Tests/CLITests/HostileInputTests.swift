import Foundation
import TestSupport
import XCTest

/// Issue 7 items 2, 3, 4, 5 and 7: hostile ids, NaN weights, unbounded input, files that are not files, and
/// write errors. Each fails with one line and exit code 1 (or ends quietly for a closed pipe), never a crash
/// or a hang; processes run with a deadline and their peak memory is read from `wait4`.
final class HostileInputTests: XCTestCase {
    private func assertOneLineError(_ result: ChildRun.Result, containing parts: [String], file: StaticString = #filePath,
                                    line: UInt = #line) {
        XCTAssertFalse(result.timedOut, "hung", file: file, line: line)
        XCTAssertEqual(result.status, 1, result.stderr, file: file, line: line)
        XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr, file: file, line: line)
        for part in parts { XCTAssertTrue(result.stderr.contains(part), "\(part) in \(result.stderr)", file: file, line: line) }
    }

    // MARK: item 2

    func testHugeVocabularyAndAddedTokenIdsAreRefusedWithoutAllocating() throws {
        let cases: [(String, (inout [String: Any]) -> Void, String)] = [
            ("vocab id 4e9", { json in Self.setVocabID(&json, "hello", 4_000_000_000) }, "vocab entry \"hello\" has id 4000000000"),
            ("vocab id 1e9", { json in Self.setVocabID(&json, "hello", 1_000_000_000) }, "vocab entry \"hello\" has id 1000000000"),
            ("added id 3e9", { json in
                json["added_tokens"] = [["id": 3_000_000_000, "content": "[NEW]", "special": true]]
            }, "added token \"[NEW]\" has id 3000000000"),
        ]
        for (name, change, message) in cases {
            let directory = try ModelDirectory()
            defer { directory.remove() }
            try directory.writeTokenizerJSON { json in
                Self.setVocabID(&json, "hello", 299)  // make sure the entry exists
                change(&json)
            }
            let result = try ChildRun.run(["tokenize", "--model", directory.url.path, "hello"])
            assertOneLineError(result, containing: ["tokenizer.json", message])
            XCTAssertLessThan(result.peakKilobytes, 100_000, name)
        }
    }

    func testTokenizerIdsBeyondTheEmbeddingMatrixAreRefused() throws {
        let directory = try ModelDirectory()
        defer { directory.remove() }
        try directory.writeTokenizerJSON { json in
            json["added_tokens"] = [["id": 300, "content": "[EXTRA]", "special": true]]
        }
        let result = try ChildRun.run(["inspect", "--model", directory.url.path, "hello"])
        assertOneLineError(result, containing: ["\"[EXTRA]\" (id 300)", "vocab_size 300 in config.json"])
    }

    private static func setVocabID(_ json: inout [String: Any], _ token: String, _ id: Int) {
        var model = json["model"] as! [String: Any]
        var vocab = model["vocab"] as! [String: Any]
        vocab[token] = id
        model["vocab"] = vocab
        json["model"] = model
    }

    // MARK: item 3

    func testNonFiniteValuesAreNullWithAWarningNamingTheLayer() throws {
        let directory = try ModelDirectory()
        defer { directory.remove() }
        try directory.fill(tensor: "encoder.layer.1.output.dense.bias", with: .nan)
        let result = try ChildRun.run(["inspect", "--model", directory.url.path, "hello world"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("warning: NaN or infinite values from encoder layer 1 (counting from 0) on"),
                      result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let norms = try XCTUnwrap(json["hidden_norms"] as? [[Any]])
        XCTAssertTrue(norms[1].allSatisfy { $0 is NSNumber }, "layer 0's output is finite")
        XCTAssertTrue(norms[2].allSatisfy { $0 is NSNull }, "layer 1's output is NaN, written as null")
    }

    // MARK: item 4

    /// A 24 MB word (cut in pieces inside the word) and 24 MB of spaces (cut at whitespace; no token ever fills
    /// the limit), each followed by a normal line, streamed from a generator: before, the whole line was held,
    /// decoded and widened (over 150 MB).
    func testOneHugeLineIsTokenizedInBoundedMemory() throws {
        for bytes in [UInt8(ascii: "a"), UInt8(ascii: " ")] {
            let result = try ChildRun.run(["tokenize", "--json"]) { write in
                let chunk = Data(repeating: bytes, count: 1 << 20)
                for _ in 0..<24 where write(chunk) {}
                _ = write(Data("\nhello\n".utf8))
            }
            XCTAssertEqual(result.status, 0, result.stderr)
            let lines = result.stdout.split(separator: "\n")
            XCTAssertEqual(lines.count, 2)
            XCTAssertTrue(lines.last?.contains("\"text\":\"hello\"") == true)
            XCTAssertLessThan(result.peakKilobytes, 100_000, "byte \(bytes)")
        }
    }

    // MARK: item 5

    func testFilesThatAreNotFilesFailWithOneLine() throws {
        let fm = FileManager.default
        let cases: [(String, (ModelDirectory) throws -> Void, [String], String)] = [
            ("FIFO weights", { dir in
                try fm.removeItem(at: dir.file("model.safetensors"))
                XCTAssertEqual(mkfifo(dir.file("model.safetensors").path, 0o600), 0)
            }, ["inspect"], "is a FIFO"),
            ("directory weights", { dir in
                try fm.removeItem(at: dir.file("model.safetensors"))
                try fm.createDirectory(at: dir.file("model.safetensors"), withIntermediateDirectories: false)
            }, ["inspect"], "is a directory"),
            ("self-referencing weights", { dir in
                try fm.removeItem(at: dir.file("model.safetensors"))
                try fm.createSymbolicLink(atPath: dir.file("model.safetensors").path, withDestinationPath: "model.safetensors")
            }, ["inspect"], "symbolic link loop"),
            ("looping tokenizer.json", { dir in
                try fm.createSymbolicLink(atPath: dir.file("tokenizer.json").path, withDestinationPath: "loop.json")
                try fm.createSymbolicLink(atPath: dir.file("loop.json").path, withDestinationPath: "tokenizer.json")
            }, ["tokenize"], "symbolic link loop"),
            ("FIFO tokenizer.json", { dir in
                XCTAssertEqual(mkfifo(dir.file("tokenizer.json").path, 0o600), 0)
            }, ["tokenize"], "is a FIFO"),
            ("FIFO config.json", { dir in
                try fm.removeItem(at: dir.file("config.json"))
                XCTAssertEqual(mkfifo(dir.file("config.json").path, 0o600), 0)
            }, ["inspect"], "is a FIFO"),
        ]
        for (name, plant, command, message) in cases {
            let directory = try ModelDirectory()
            defer { directory.remove() }
            try plant(directory)
            let result = try ChildRun.run(command + ["--model", directory.url.path, "x"], timeout: 60)
            XCTAssertFalse(result.timedOut, name)
            assertOneLineError(result, containing: [message])
        }
    }

    /// Files read after the encoder loads: `classify --head`'s head.json. A FIFO must not block the read.
    func testAHeadJSONThatIsAFIFOFailsWithOneLine() throws {
        let directory = try ModelDirectory()
        defer { directory.remove() }
        let head = directory.file("head")
        try FileManager.default.createDirectory(at: head, withIntermediateDirectories: false)
        XCTAssertEqual(mkfifo(head.appendingPathComponent("head.json").path, 0o600), 0)
        var environment = ProcessInfo.processInfo.environment
        environment["BERT_EXPLORER_CACHE"] = directory.file("cache").path
        let result = try ChildRun.run(["classify", "--head", head.path, "--model", directory.url.path, "x"],
                                      environment: environment, timeout: 60)
        assertOneLineError(result, containing: ["head.json", "is a FIFO"])
    }

    // MARK: item 7

    func testWriteErrorsAreReportedAndAClosedPipeIsQuiet() throws {
        for arguments in [["tokenize", "hello"], ["tokenize", "--json", "hello"], ["inspect", "x"],
                          ["bench", "tokenizer", "--repeat", "1"]] {
            let command = ([BuiltBinary.url.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
            let result = try ChildRun.run(["-c", command + " > /dev/full"], executable: "/bin/sh")
            assertOneLineError(result, containing: ["cannot write to standard output: No space left on device"])
        }
        let pipeline = "yes 'a line of text' | head -n 200000 | '\(BuiltBinary.url.path)' tokenize --json | head -n 1 "
            + "> /dev/null; echo \"status ${PIPESTATUS[2]}\""
        let result = try ChildRun.run(["-c", pipeline], executable: "/bin/bash")
        XCTAssertTrue(["status 0\n", "status 141\n"].contains(result.stdout), result.stdout)
        XCTAssertEqual(result.stderr, "")
    }

    // MARK: item 19 (model files)

    func testModelFilesAreRefusedWhereHuggingFaceRefusesThem() throws {
        let cases: [(String, (ModelDirectory) throws -> Void, String)] = [
            ("bytes after the last tensor", { dir in
                let handle = try FileHandle(forWritingTo: dir.file("model.safetensors"))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(count: 8))
                try handle.close()
            }, "model.safetensors: 8 bytes after the last tensor"),
            ("hidden_act not a string", { dir in try dir.editJSON("config.json") { $0["hidden_act"] = 5 } },
             "config.json: hidden_act must be the name of an activation, found 5"),
            ("a tensor of the wrong shape names the file", { dir in
                try dir.editSafeTensorsHeader { header in
                    var entry = header["embeddings.position_embeddings.weight"] as! [String: Any]
                    entry["shape"] = ((entry["shape"] as! [Int]).reversed() as [Int])
                    header["embeddings.position_embeddings.weight"] = entry
                }
            }, "model.safetensors: tensor embeddings.position_embeddings.weight has shape [32, 64], expected [64, 32]"),
            ("unknown hidden_act", { dir in try dir.editJSON("config.json") { $0["hidden_act"] = "swish2" } },
             "config.json: hidden_act \"swish2\" is not supported"),
        ]
        for (name, plant, message) in cases {
            let directory = try ModelDirectory()
            defer { directory.remove() }
            try plant(directory)
            let result = try ChildRun.run(["inspect", "--model", directory.url.path, "x"])
            assertOneLineError(result, containing: [message])
            XCTAssertFalse(result.stderr.isEmpty, name)
        }
    }
}

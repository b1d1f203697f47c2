import Foundation
import TestSupport
import XCTest

/// `classify` and `predict` over standard input: the lines waiting in the input run together across every core,
/// with the results of each line as it would get alone, in order; input that arrives a line at a time still gets
/// each answer before the next line is sent.
final class LineBatchTests: XCTestCase {
    func testClassifyingEveryCaseAtOnceMatchesTransformers() throws {
        let reference = try HeadReference.load()
        let models = PredictCommandTests.models(reference) { $0.cases[0].probabilities != nil || $0.cases[0].token_probabilities != nil }
        XCTAssertGreaterThanOrEqual(models.count, 3)
        var checked = 0
        for (name, model) in models {
            // The single-sentence cases (--pair applies to every line), many times over, so the lines make several
            // stacks and every thread takes some.
            let cases = model.cases.filter { $0.pair == nil }
            let texts = Array(repeating: cases.map(\.text), count: 8).flatMap { $0 }
            let result = try BuiltBinary.run(["classify", "--json", "--model", HeadReference.directory(model).path],
                                             input: Data((texts.joined(separator: "\n") + "\n").utf8))
            XCTAssertEqual(result.status, 0, result.stderr)
            let objects = try PredictCommandTests.lines(result.stdout)
            XCTAssertEqual(objects.count, texts.count, name)
            for (index, object) in objects.enumerated() {
                let expected = cases[index % cases.count], label = "\(name) line \(index + 1)"
                checked += 1
                if let want = expected.probabilities {
                    HeadParityTests.assertClose(try XCTUnwrap(object["probabilities"] as? [NSNumber]).map(\.floatValue), want, label)
                } else {
                    let tokens = try XCTUnwrap(object["tokens"] as? [[String: Any]])
                    let want = try XCTUnwrap(expected.token_probabilities)
                    XCTAssertEqual(tokens.count, want.count, label)
                    for (token, probabilities) in zip(tokens, want) {
                        HeadParityTests.assertClose(try XCTUnwrap(token["probabilities"] as? [NSNumber]).map(\.floatValue), probabilities, label)
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 3 * 8)
    }

    func testABadLineStopsAfterTheLinesBeforeIt() throws {
        let path = Fixtures.url("heads/models/bert-mlm-f32").path
        let result = try BuiltBinary.run(["predict", "--json", "--positions", "3", "--model", path],
                                         input: Data("the cat sat\na dog ran\n\nthe end is near\n".utf8))
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(try PredictCommandTests.lines(result.stdout).count, 2)
        XCTAssertEqual(result.stderr, "Error: --positions 3 is past the last token (2 tokens, 0...1)\n")
    }

    func testALineAtATimeIsAnsweredBeforeTheNextArrives() throws {
        let reference = try HeadReference.load()
        let (_, model) = try XCTUnwrap(PredictCommandTests.models(reference) { $0.cases[0].probabilities != nil }.first)
        let process = Process()
        process.executableURL = BuiltBinary.url
        process.arguments = ["classify", "--json", "--model", HeadReference.directory(model).path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        for line in ["the cat sat", "a dog ran"] {
            input.fileHandleForWriting.write(Data((line + "\n").utf8))
            // The answer must come while the input is still open.
            let answer = try Self.readLine(output.fileHandleForReading, timeout: 30)
            XCTAssertTrue(answer.hasPrefix("{\"labels\":"), answer)
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
    }

    /// One line from `handle`, failing after `timeout` seconds.
    private static func readLine(_ handle: FileHandle, timeout: Double) throws -> String {
        var bytes = Data()
        let deadline = Date().addingTimeInterval(timeout)
        while !bytes.contains(UInt8(ascii: "\n")) {
            guard Date() < deadline else { throw TestServerError("no answer within \(timeout) s, got \(bytes.count) bytes") }
            var poller = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            bytes.append(chunk)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

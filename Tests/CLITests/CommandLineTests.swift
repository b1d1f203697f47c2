import Foundation
import TestSupport
import XCTest

/// Issue 7 item 18: the command line says what it means (typos, `--version`, bad values, bad model names), and
/// `inspect`/`bench` print what scripts need.
final class CommandLineTests: XCTestCase {
    private let tinyModel = Fixtures.url("encoder/models/tiny-base").path

    private func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "BERT_EXPLORER_MODEL")
        return environment.merging(extra) { $1 }
    }

    func testSubcommandTyposAreCaughtAndDoubleDashPassesASentence() throws {
        for (typo, command) in [("tokenise", "tokenize"), ("inspct", "inspect"), ("bnech", "bench"), ("key", "keys")] {
            let result = try BuiltBinary.run([typo, "x"], input: Data(), environment: environment())
            XCTAssertEqual(result.status, 64, typo)
            XCTAssertEqual(result.stdout, "")
            XCTAssertTrue(result.stderr.hasPrefix("Error: unknown command '\(typo)'; did you mean '\(command)'?"), result.stderr)
        }
        // A sentence after `--` reaches the explorer, which then needs a terminal (one line, nothing repeated).
        let sentence = try BuiltBinary.run(["--model", tinyModel, "--", "tokenise", "x"], input: Data(), environment: environment())
        XCTAssertEqual(sentence.status, 1)
        XCTAssertEqual(sentence.stderr, "Error: the explorer needs an interactive terminal (standard input and output "
                       + "must be a TTY); for piped use try `bert-explorer tokenize` or `bert-explorer inspect`\n")
        // Words far from every command are a sentence as before.
        let far = try BuiltBinary.run(["--model", tinyModel, "the", "cat"], input: Data(), environment: environment())
        XCTAssertTrue(far.stderr.contains("needs an interactive terminal"), far.stderr)
    }

    func testVersionAndHelp() throws {
        let version = try BuiltBinary.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdout.hasPrefix("bert-explorer "), version.stdout)
        let help = try BuiltBinary.run(["--help"])
        XCTAssertTrue(help.stdout.contains("\n  keys "), help.stdout)
    }

    func testBadValuesAndModelNamesSayWhatIsWrong() throws {
        let cases: [([String], [String: String], String)] = [
            (["tokenize", "--max-length", "-3", "x"], [:], "Error: --max-length must be at least 2, the number of special tokens of one text, got -3\n"),
            (["tokenize", "--model", "", "x"], [:], "Error: --model is empty; give a model directory or a Hugging Face name\n"),
            (["tokenize", "x"], ["BERT_EXPLORER_MODEL": "/nonexistent/model"], "Error: BERT_EXPLORER_MODEL=/nonexistent/model: model /nonexistent/model not found"),
            (["inspect", "--model", tinyModel, "--layers", "3", "x"], [:], "Error: --layers: 3 is out of range; the model has 3 (0 to 2)\n"),
            (["inspect", "--model", tinyModel, "--heads", "1-x", "x"], [:], "Error: --heads must be a list of indexes from 0 such as 0,2-3, got \"1-x\"\n"),
        ]
        for (arguments, extra, message) in cases {
            let result = try BuiltBinary.run(arguments, input: Data(), environment: environment(extra))
            XCTAssertEqual(result.status, 1, arguments.joined(separator: " "))
            XCTAssertTrue(result.stderr.hasPrefix(message), result.stderr)
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr)
        }
    }

    private func inspect(_ arguments: [String], input: Data? = nil) throws -> [[String: Any]] {
        let result = try BuiltBinary.run(["inspect", "--model", tinyModel] + arguments, input: input ?? Data(),
                                         environment: environment())
        XCTAssertEqual(result.status, 0, result.stderr)
        return try result.stdout.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func testInspectFiltersAndStandardInput() throws {
        let full = try XCTUnwrap(try inspect(["--hidden-states", "hello world"]).first)
        let part = try XCTUnwrap(try inspect(["--hidden-states", "--layers", "2,0", "--heads", "1-2", "hello world"]).first)
        let fullAttentions = try XCTUnwrap(full["attentions"] as? [[[[Double]]]])
        let partAttentions = try XCTUnwrap(part["attentions"] as? [[[[Double]]]])
        XCTAssertEqual(part["layers"] as? [Int], [2, 0])
        XCTAssertEqual(part["heads_shown"] as? [Int], [1, 2])
        XCTAssertEqual(partAttentions, [Array(fullAttentions[2][1...2]), Array(fullAttentions[0][1...2])])
        let fullNorms = try XCTUnwrap(full["hidden_norms"] as? [[Double]])
        XCTAssertEqual(part["hidden_norms"] as? [[Double]], [fullNorms[3], fullNorms[1]])
        XCTAssertEqual((part["hidden_states"] as? [Any])?.count, 2)

        let lines = try inspect([], input: Data("hello world\nsecond line\n".utf8))
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(lines[0]["attentions"] as? [[[[Double]]]], fullAttentions)
        let second = try XCTUnwrap(try inspect(["second line"]).first)
        XCTAssertEqual(lines[1]["hidden_norms"] as? [[Double]], second["hidden_norms"] as? [[Double]])
    }

    func testBenchEncoderColumnsAlignAndBenchTokenizerReportsTokensPerSecond() throws {
        let encoder = try BuiltBinary.run(["bench", "encoder", "--model", tinyModel, "--lengths", "4,32", "--seconds", "0.01"],
                                          environment: environment())
        XCTAssertEqual(encoder.status, 0, encoder.stderr)
        let table = encoder.stdout.split(separator: "\n").dropFirst(2).map(String.init)
        XCTAssertEqual(table.count, 3, encoder.stdout)
        XCTAssertEqual(Set(table.map(\.count)).count, 1, "right-aligned columns end together:\n\(encoder.stdout)")
        // Header cells are separated by two spaces; every row's cell ends where its header cell ends.
        let header = Array(table[0])
        let ends = header.indices.filter { header[$0] != " " && ($0 + 1 == header.count || (header[$0 + 1] == " "
            && ($0 + 2 >= header.count || header[$0 + 2] == " "))) }
        XCTAssertEqual(ends.count, 4, table[0])
        for row in table.dropFirst().map(Array.init) {
            for end in ends {
                XCTAssertNotEqual(row[end], " ", "\(String(row)) under \(table[0])")
                XCTAssertTrue(end + 1 == row.count || row[end + 1] == " ", String(row))
            }
        }

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).txt")
        try "hello world\nsecond line here\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let tokenizer = try BuiltBinary.run(["bench", "tokenizer", "--model", tinyModel, "--repeat", "1", "--json", file.path],
                                            environment: environment())
        XCTAssertEqual(tokenizer.status, 0, tokenizer.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(tokenizer.stdout.utf8)) as? [String: Any])
        let tokens = try XCTUnwrap(json["tokens"] as? Double), seconds = try XCTUnwrap(json["seconds"] as? Double)
        let rate = try XCTUnwrap(json["tokens_per_s"] as? Double)
        XCTAssertEqual(rate, tokens / seconds, accuracy: rate * 1e-9)
    }

    /// On a terminal, `tokenize` without TEXT says it is reading standard input instead of looking hung.
    func testTokenizeOnATerminalSaysItReadsStandardInput() throws {
        let session = try TmuxSession(command: ["/bin/sh", "-c", "'\(BuiltBinary.url.path)' tokenize --model '\(tinyModel)'; "
                                                + "echo status=$?; exec sleep 600"])
        defer { session.kill() }
        try session.waitFor("tokenize: reading standard input, one text per line")
        try session.type("hello")
        try session.sendKeys("Enter", "C-d")
        let screen = try session.waitFor("status=0")
        XCTAssertTrue(screen.contains("hello"), screen)
    }

    /// Issue 7 item 20: the README's quick start installs with `apt-get update` first and no `sudo` (a fresh
    /// container runs as root), installs exactly the packages CI installs, and its second command is CI's.
    func testReadmeQuickStartMatchesCI() throws {
        let readme = try String(contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
        let ci = try String(contentsOf: Fixtures.root.appendingPathComponent(".ci/run"), encoding: .utf8)
        let start = try XCTUnwrap(readme.range(of: "## Quick start"))
        let block = readme[start.upperBound...].components(separatedBy: "```")[1]
        let commands = block.split(separator: "\n").map(String.init)
        XCTAssertEqual(commands.count, 2, block)
        let install = try XCTUnwrap(commands.first)
        XCTAssertTrue(install.hasPrefix("apt-get update && apt-get install -y "), install)
        XCTAssertTrue(install.hasSuffix(" && swift run -c release bert-explorer"), install)
        let ciInstall = try XCTUnwrap(ci.split(separator: "\n").first { $0.contains("apt-get install") })
        let packages = { (line: String) in Set(line.split(separator: " ").filter { $0.contains("-dev") || $0 == "tmux" || $0 == "pkg-config" }) }
        XCTAssertEqual(packages(install), packages(String(ciInstall)))
        XCTAssertTrue(ci.contains("\n" + commands[1] + " 2>&1"), "CI runs \(commands[1])")
    }
}

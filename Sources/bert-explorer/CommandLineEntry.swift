import ArgumentParser
import Foundation
import SafeText

/// The process's way in and out: parses the command line, runs the command, and is the one place where
/// errors reach the terminal, escaped (`TerminalText.escaped`), because their text can come from model files.
/// Also checks that standard output was really written (`> /dev/full` is an error, not a silent success).
enum CommandLineEntry {
    static func main(_ arguments: [String]) async -> Never {
        // A closed pipe (`| head -1`) ends the process quietly with the conventional status, as for any CLI tool.
        signal(SIGPIPE, SIG_DFL)
        if let typo = SubcommandTypo.check(arguments) {
            report("Error: \(typo)")
            exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try BertExplorer.parseAsRoot(joiningNegativeValues(arguments))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            finish(error)
        }
        // `print` output (a few lines from `bench` and `keys`) is still buffered here, so flushing it is where a
        // full disk shows; the large outputs go through `OutputBuffer`, which reports its own write errors.
        if fflush(nil) != 0 {
            let reason = String(cString: strerror(errno))
            finish(CommandFailure("cannot write to standard output: \(reason)"))
        }
        exit(0)
    }

    /// Options whose value is a number.
    static let numericOptions: Set<String> = ["--max-length", "--repeat", "--seconds"]

    /// `--max-length -3` as `--max-length=-3`: ArgumentParser would read `-3` as an unknown flag and report the
    /// value as missing, where the command's own check says what is wrong with it.
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { return result + arguments[index...] }
            if numericOptions.contains(argument), index + 1 < arguments.count,
               arguments[index + 1].hasPrefix("-"), Double(arguments[index + 1]) != nil {
                result.append(argument + "=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }

    /// Prints what `error` means (help and `--version` to standard output, errors escaped to standard error)
    /// and exits with ArgumentParser's status for it.
    static func finish(_ error: Error) -> Never {
        let code = BertExplorer.exitCode(for: error)
        if code == .success {
            let text = BertExplorer.fullMessage(for: error)
            if !text.isEmpty { print(text) }
            fflush(nil)
            exit(code.rawValue)
        }
        if let failure = error as? CommandFailure {
            // Our own errors are one line: escaping the whole text keeps a newline from a file out of it too.
            report("Error: " + TerminalText.escaped(failure.description))
        } else {
            let text = BertExplorer.fullMessage(for: error)
            if !text.isEmpty {
                report(text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { TerminalText.escaped(String($0)) }.joined(separator: "\n"))
            }
        }
        exit(code.rawValue)
    }

    /// Writes a line to standard error.
    static func report(_ line: String) {
        fflush(nil)
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

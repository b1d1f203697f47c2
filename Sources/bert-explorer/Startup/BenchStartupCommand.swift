import ArgumentParser
import Foundation

/// `bench startup`: start-up time from process start, measured from outside by starting this program again:
/// `inspect "The cat sat on the mat"` until it exits, and the explorer on a pseudo-terminal until its first frame
/// with values (the header's forward-pass time) reaches the terminal. With `--baseline`, another build is run
/// alternately and the median of per-run ratios is reported too (steadier than times on a shared machine).
struct BenchStartupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup",
        abstract: "Measure start-up: inspect from process start to exit, and the explorer's first frame with values.")

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Runs of each measurement; the median and the fastest are reported.")
    var runs = 20

    @Option(help: ArgumentHelp("Another bert-explorer binary to run alternately, for ratios.", valueName: "path"))
    var baseline: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    static let sentence = "The cat sat on the mat"

    func validate() throws {
        if runs < 1 { throw CommandFailure("--runs must be at least 1, got \(runs)") }
    }

    /// The times of one binary.
    private struct Times {
        var inspect: [Double] = []
        var frame: [Double] = []

        mutating func measure(_ executable: String, model: String) throws {
            inspect.append(try ChildProcess.timeToExit(executable, ["inspect", "--model", model, BenchStartupCommand.sentence]))
            frame.append(try PseudoTerminalRun.timeToFirstValues(executable, ["--model", model, BenchStartupCommand.sentence]))
        }
    }

    func run() throws {
        // Resolved once here, so the children neither search nor download.
        let model = try modelOptions.directory().path
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        if let baseline, !FileManager.default.isExecutableFile(atPath: baseline) {
            throw CommandFailure("--baseline \(baseline): not an executable file")
        }
        var ours = Times(), theirs = Times()
        for _ in 0..<runs {
            // Alternated, so a change in the machine's load affects both alike.
            try ours.measure(executable, model: model)
            if let baseline { try theirs.measure(baseline, model: model) }
        }
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first
            .map(String.init) ?? "?"
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let rows = [("inspect", "inspect \"\(Self.sentence)\" to exit", ours.inspect, theirs.inspect),
                    ("first_frame", "explorer, first frame with values", ours.frame, theirs.frame)]
        if json {
            let fields = rows.map { key, _, values, base in
                "\"\(key)_ms\":{\"median\":\(Self.median(values)),\"best\":\(values.min()!)"
                    + (base.isEmpty ? "" : ",\"ratio_to_baseline\":\(Self.median(zip(values, base).map { $0 / $1 }))") + "}"
            }
            print("{\"runs\":\(runs),\"cores\":\(cores),\"load\":\(Double(load) ?? -1)," + fields.joined(separator: ",") + "}")
        } else {
            print("start-up, \(runs) runs each, \(cores) cores, load average \(load) (wall clock from process start):")
            for (_, label, values, base) in rows {
                var line = String(format: "%-40@ median %6.1f ms, best %6.1f ms", label, Self.median(values), values.min()!)
                if !base.isEmpty {
                    line += String(format: "; baseline median %6.1f ms, ratio %.2f", Self.median(base),
                                   Self.median(zip(values, base).map { $0 / $1 }))
                }
                print(line)
            }
        }
    }

    private static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
}

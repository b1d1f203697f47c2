#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A one-line progress bar of sentences on standard error, redrawn at most ten times a second, only when standard error
/// is a terminal (so logs and pipes stay clean).
final class CorpusProgress {
    private let total: Int?
    private let enabled: Bool
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastDraw: UInt64 = 0
    private var drawn = false

    /// `total`: the number of items expected, when known (a bar and a percentage), else only a count.
    init(total: Int?, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.total = total
        self.enabled = enabled
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - lastDraw >= 100_000_000 else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(line(done, seconds: Double(now - start) / 1e9).utf8))
        drawn = true
    }

    /// Clears the bar so the next output starts on a clean line.
    func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    /// The text of the bar: `\r[#####.....]  45%  450/1000  90.1 sentences/s`.
    func line(_ done: Int, seconds: Double) -> String {
        let rate = seconds > 0 ? String(format: "%.1f sentences/s", Double(done) / seconds) : ""
        guard let total, total > 0 else { return "\r\u{1B}[2K\(done) sentences  \(rate)" }
        let width = 30, fraction = min(1, Double(done) / Double(total))
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return "\r\u{1B}[2K[\(bar)] \(String(format: "%3d", Int(fraction * 100)))%  \(done)/\(total)  \(rate)"
    }
}

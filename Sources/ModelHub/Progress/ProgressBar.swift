import Foundation

/// A one-line progress bar (file, bar, bytes, rate, ETA) redrawn in place on a terminal, at most ten times a
/// second. `ModelLocator` creates one only when standard error is a terminal.
public final class ProgressBar: DownloadProgress, @unchecked Sendable {
    private let lock = NSLock()
    private let write: (String) -> Void
    private let clock: () -> Double
    private let width: Int
    private var file = ""
    private var total: Int64?
    private var done: Int64 = 0
    private var startDone: Int64 = 0
    private var startTime = 0.0
    private var lastDraw = -1.0

    /// `write` receives terminal text; `clock` returns seconds (monotonic).
    public init(width: Int = 80, clock: @escaping () -> Double = ProgressBar.monotonicSeconds,
                write: @escaping (String) -> Void) {
        self.width = width
        self.clock = clock
        self.write = write
    }

    /// A bar on standard error, or nil when standard error is not a terminal.
    public static func standardError() -> ProgressBar? {
        guard isatty(2) == 1 else { return nil }
        var size = winsize()
        let columns = ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 20 ? Int(size.ws_col) : 80
        return ProgressBar(width: columns) { text in
            var bytes = Array(text.utf8)
            _ = bytes.withUnsafeMutableBytes { Foundation.write(2, $0.baseAddress, $0.count) }
        }
    }

    public static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    public func start(file: String, total: Int64?, alreadyDone: Int64) {
        lock.lock()
        defer { lock.unlock() }
        self.file = HubText.escaped(file, limit: 40)
        self.total = total
        done = alreadyDone
        startDone = alreadyDone
        startTime = clock()
        lastDraw = -1
        draw(force: true)
    }

    public func advance(by bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        done += Int64(bytes)
        draw(force: false)
    }

    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        draw(force: true)
        write("\n")
    }

    private func draw(force: Bool) {
        let now = clock()
        guard force || now - lastDraw >= 0.1 else { return }
        lastDraw = now
        let elapsed = now - startTime
        let rate = elapsed > 0 ? Double(done - startDone) / elapsed : 0
        write("\r" + Self.line(file: file, done: done, total: total, rate: rate, width: width) + "\u{1B}[K")
    }

    /// `config.json  [#######.......]  1.2 MB/3.4 MB  5.6 MB/s  ETA 0:01`, fitted to `width` columns.
    public static func line(file: String, done: Int64, total: Int64?, rate: Double, width: Int) -> String {
        let amount = total.map { "\(size(done, unitOf: $0))/\(size($0, unitOf: $0))" } ?? size(done, unitOf: done)
        let speed = size(Int64(rate), unitOf: Int64(rate)) + "/s"
        var eta = "ETA --:--"
        if let total, rate > 0, total >= done {
            let seconds = Int((Double(total - done) / rate).rounded(.up))
            eta = seconds >= 3600 ? "ETA \(seconds / 3600)h\(String(format: "%02d", seconds / 60 % 60))m"
                : "ETA \(seconds / 60):\(String(format: "%02d", seconds % 60))"
        }
        let tail = "  \(amount)  \(speed)  \(eta)"
        let name = file.count > 24 ? String(file.prefix(23)) + "…" : file.padding(toLength: 24, withPad: " ", startingAt: 0)
        let barWidth = width - 1 - name.count - tail.count - 4
        guard barWidth >= 5 else { return String((name + tail).prefix(max(0, width - 1))) }
        let fraction = total.map { $0 > 0 ? min(1, Double(done) / Double($0)) : 1 } ?? 0
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        return name + "  [" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "]" + tail
    }

    /// `bytes` in the unit that suits `scale` (`kB`, `MB`, `GB`), with one decimal: `12.3 MB`.
    static func size(_ bytes: Int64, unitOf scale: Int64) -> String {
        let (divisor, unit): (Double, String) = scale >= 1_000_000_000 ? (1e9, "GB") : scale >= 1_000_000 ? (1e6, "MB") : (1e3, "kB")
        return String(format: "%.1f ", Double(bytes) / divisor) + unit
    }
}

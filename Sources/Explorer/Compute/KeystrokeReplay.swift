import Dispatch
import Foundation
import TerminalUI

/// Measures what a person typing feels: replays a sentence one keystroke at a time and times the synchronous
/// part of each keystroke (reduce + tokenize + render), then the encoder and every view on the final tokens.
/// For README numbers and `bench explorer`; never asserted on (times depend on the machine).
public struct KeystrokeReplay {
    /// What one replay measured; `description` is the printable summary.
    public struct Report: Sendable, CustomStringConvertible {
        public var keystrokes: Int
        public var tokens: Int
        /// Per keystroke: reducer (with tokenization) and render, in milliseconds of the thread's CPU time.
        public var reduceMedian: Double, reduceMax: Double
        public var renderMedian: Double, renderMax: Double
        /// One forward pass on the final tokens.
        public var encoderMilliseconds: Double
        /// Per view on the final result (thread CPU time): the derived work done in the background with the
        /// encoder result (`ExplorerRenderer.prepare`), the first frame after it, and a repeat frame, by view title.
        public var viewMilliseconds: [(view: String, prepare: Double, first: Double, repeated: Double)]

        public var description: String {
            func f(_ v: Double) -> String { TextFit.fixed(v, 3) }
            var lines = ["keystroke replay: \(keystrokes) keys, \(tokens) tokens at the end",
                         "  per key, tokenize+reduce (CPU): median \(f(reduceMedian)) ms, max \(f(reduceMax)) ms",
                         "  per key, render (editing, CPU): median \(f(renderMedian)) ms, max \(f(renderMax)) ms",
                         "  encoder forward (wall) at \(tokens) tokens: \(f(encoderMilliseconds)) ms"]
            for v in viewMilliseconds {
                lines.append("  \(v.view.lowercased()) view (CPU): prepared in the background \(f(v.prepare)) ms, "
                             + "first frame \(f(v.first)) ms, repeat \(f(v.repeated)) ms")
            }
            return lines.joined(separator: "\n")
        }
    }

    public let tokenizer: any SentenceTokenizing
    public let encoder: any EncoderRunning
    public var width = 120, height = 40

    public init(tokenizer: any SentenceTokenizing, encoder: any EncoderRunning) {
        self.tokenizer = tokenizer
        self.encoder = encoder
    }

    static func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    /// CPU time of the calling thread spent in `body`: keystrokes and frames run on one thread, so this does not
    /// count the time other processes held the core (the machine is shared; wall time there is mostly waiting).
    static func cpuMilliseconds(_ body: () throws -> Void) rethrows -> Double {
        func now() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
        }
        let start = now()
        try body()
        return now() - start
    }

    public func run(_ sentence: String, colorMode: ColorMode = .truecolor) throws -> Report {
        let reducer = ExplorerReducer(tokenizer: tokenizer)
        let renderer = ExplorerRenderer(colorMode: colorMode)
        var state = reducer.initialState(model: encoder.shape, text: "", width: width, height: height)
        var reduceTimes: [Double] = [], renderTimes: [Double] = []
        for character in sentence {
            reduceTimes.append(Self.cpuMilliseconds { state = reducer.reduce(state, .character(character)) })
            renderTimes.append(Self.cpuMilliseconds { _ = renderer.render(state) })
        }
        let (encoderTime, views) = try measureViews(state, reducer: reducer, renderer: renderer)
        func median(_ v: [Double]) -> Double { v.isEmpty ? 0 : v.sorted()[v.count / 2] }

        return Report(keystrokes: reduceTimes.count, tokens: state.encoding.count,
                      reduceMedian: median(reduceTimes), reduceMax: reduceTimes.max() ?? 0,
                      renderMedian: median(renderTimes), renderMax: renderTimes.max() ?? 0,
                      encoderMilliseconds: encoderTime, viewMilliseconds: views)
    }

    /// Times one forward pass on the tokens of `text` and the rendering of every view on its result, after
    /// `keys` (pressed in the Attention view once the result is in: `n`, `m`, `p` measure the attention modes).
    public func measureViews(_ text: String, keys: [InputEvent] = [], colorMode: ColorMode = .truecolor) throws -> (encoder: Double, views: [(view: String, prepare: Double, first: Double, repeated: Double)]) {
        let reducer = ExplorerReducer(tokenizer: tokenizer)
        let state = reducer.initialState(model: encoder.shape, text: text, width: width, height: height)
        return try measureViews(state, reducer: reducer, renderer: ExplorerRenderer(colorMode: colorMode), keys: keys)
    }

    private func measureViews(_ typed: ExplorerState, reducer: ExplorerReducer,
                              renderer: ExplorerRenderer, keys: [InputEvent] = []) throws -> (encoder: Double, views: [(view: String, prepare: Double, first: Double, repeated: Double)]) {
        var state = typed
        let encoding = state.encoding
        var result: ForwardPass?
        let encoderTime = try Self.milliseconds {
            let output = try encoder.forward(ids: encoding.ids, segments: encoding.segments, isCancelled: { false })
            result = ForwardPass(generation: 1, encoding: encoding, output: output, milliseconds: 0)
        }
        if let result { state = reducer.receive(state, result) }
        state.mode = .exploring
        state = reducer.reduce(state, keys)
        // Medians over 3 fresh renderers: the background work the session does with the encoder result before
        // publishing it (`prepare`), then the first frame; then repeat frames (matrices reused) over 5.
        func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
        var views: [(view: String, prepare: Double, first: Double, repeated: Double)] = []
        for id in ViewRegistry.ids {
            state.view = id
            var prepared: [Double] = [], first: [Double] = []
            for _ in 0..<3 {
                let fresh = ExplorerRenderer(colorMode: renderer.colorMode)
                if let result = state.result {
                    prepared.append(Self.cpuMilliseconds { fresh.prepare(result, for: state, current: true) })
                }
                first.append(Self.cpuMilliseconds { _ = fresh.render(state) })
            }
            _ = renderer.render(state)
            let repeated = median((0..<5).map { _ in Self.cpuMilliseconds { _ = renderer.render(state) } })
            views.append((ViewRegistry.title(of: id), prepared.isEmpty ? 0 : median(prepared), median(first), repeated))
        }
        return (encoderTime, views)
    }
}

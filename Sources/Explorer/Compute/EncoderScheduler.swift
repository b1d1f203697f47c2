import Dispatch
import Encoder
import Foundation
import WordPiece

/// Runs the encoder on a background queue so the UI never waits for it, then (still there) the heads on its
/// output and the views' derived work, so drawing only reads results. The newest request wins and stale runs
/// are cancelled between layers (see `BackgroundRunner`).
public final class EncoderScheduler: Sendable {
    /// What the heads make of a pass (none by default).
    public typealias Annotate = @Sendable (Encoding, EncoderOutput) -> HeadOutputs

    private let runner: BackgroundRunner<Encoding, ForwardPass>

    /// `prepare`: derived work on each finished pass, on this queue: with `true` before the pass is published
    /// (what its first frame needs, so that frame only draws), with `false` after (what other views will need);
    /// skipped once a newer request supersedes the pass, and told to stop (the closure) when one arrives meanwhile.
    public init(encoder: any EncoderRunning, annotate: Annotate? = nil,
                prepare: @escaping @Sendable (ForwardPass, Bool, () -> Bool) -> Void = { _, _, _ in }) {
        runner = BackgroundRunner(label: "bert-explorer.encoder", work: { encoding, generation, isCancelled in
            let started = DispatchTime.now().uptimeNanoseconds
            let output = try encoder.forward(ids: encoding.ids, segments: encoding.segments, isCancelled: isCancelled)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            var pass = ForwardPass(generation: generation, encoding: encoding, output: output, milliseconds: ms)
            if let annotate, !isCancelled() { pass.heads = annotate(encoding, output) }
            if !isCancelled() { prepare(pass, true, isCancelled) }
            return pass
        }, published: { pass, superseded in prepare(pass, false, superseded) })
    }

    /// Asks for `encoding` to be run; supersedes (and cancels) anything asked before. Returns its generation.
    @discardableResult
    public func request(_ encoding: Encoding) -> Int { runner.request(encoding) }

    /// Cancels whatever runs or waits and drops its result (the input went back to what is already shown).
    public func cancel() { runner.cancel() }

    /// The newest finished result not yet taken, if it is still current.
    public func takeResult() -> ForwardPass? { runner.takeResult()?.value }

    /// The last error message of a current run, once.
    public func takeFailure() -> String? { runner.takeFailure() }

    /// True while a run is queued or in progress.
    public var isBusy: Bool { runner.isBusy }

    /// Blocks until no run is queued or in progress, or until `timeout`; false when it timed out (tests and
    /// benchmarks; never on the UI path).
    @discardableResult
    public func waitUntilIdle(timeout: DispatchTime = .distantFuture) -> Bool { runner.waitUntilIdle(timeout: timeout) }
}

import Dispatch
import Encoder
import Foundation
import WordPiece

/// Runs the encoder on a background queue so the UI never waits for it.
///
/// The newest request wins: each `request` bumps a generation counter; a run whose generation is no longer
/// the newest sees `isCancelled` turn true (the encoder stops between layers) and its result is dropped.
/// Requests that arrive while a run is busy are coalesced so only the last one runs next. The UI thread
/// collects results with `takeResult()` on each turn of its event loop.
public final class EncoderScheduler: @unchecked Sendable {
    private let encoder: any EncoderRunning
    private let queue = DispatchQueue(label: "bert-explorer.encoder", qos: .userInitiated)
    private let lock = NSLock()
    // Guarded by `lock`.
    private var generation = 0
    private var pending: (generation: Int, encoding: Encoding)?
    private var running = false
    private var finished: ForwardPass?
    private var failure: String?
    private var idleWaiters: [DispatchSemaphore] = []
    /// Derived work on each finished pass, on this queue: with `true` before the pass is published (what its
    /// first frame needs, so that frame only draws), with `false` after (what other views will need); skipped
    /// once a newer request supersedes the pass, and told to stop (the closure) when one arrives meanwhile.
    private let prepare: @Sendable (ForwardPass, Bool, () -> Bool) -> Void

    public init(encoder: any EncoderRunning,
                prepare: @escaping @Sendable (ForwardPass, Bool, () -> Bool) -> Void = { _, _, _ in }) {
        self.encoder = encoder
        self.prepare = prepare
    }

    /// Asks for `encoding` to be run; supersedes (and cancels) anything asked before. Returns its generation.
    @discardableResult
    public func request(_ encoding: Encoding) -> Int {
        lock.lock()
        generation += 1
        let g = generation
        pending = (g, encoding)
        let start = !running
        running = true
        lock.unlock()
        if start { queue.async { self.drain() } }
        return g
    }

    /// Cancels whatever runs or waits and drops its result (the input went back to what is already shown).
    public func cancel() {
        lock.lock()
        generation += 1
        pending = nil
        finished = nil
        lock.unlock()
    }

    /// The newest finished result not yet taken, if it is still current.
    public func takeResult() -> ForwardPass? {
        lock.lock()
        defer { lock.unlock() }
        let result = finished
        finished = nil
        return result
    }

    /// The last error message of a current run, once.
    public func takeFailure() -> String? {
        lock.lock()
        defer { lock.unlock() }
        let message = failure
        failure = nil
        return message
    }

    /// True while a run is queued or in progress.
    public var isBusy: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    /// Blocks until no run is queued or in progress, or until `timeout`; false when it timed out (tests and
    /// benchmarks; never on the UI path).
    @discardableResult
    public func waitUntilIdle(timeout: DispatchTime = .distantFuture) -> Bool {
        lock.lock()
        guard running else { lock.unlock(); return true }
        let semaphore = DispatchSemaphore(value: 0)
        idleWaiters.append(semaphore)
        lock.unlock()
        return semaphore.wait(timeout: timeout) == .success
    }

    private var hasPending: Bool {
        lock.lock()
        defer { lock.unlock() }
        return pending != nil
    }

    private func isCurrent(_ g: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return generation == g
    }

    private func drain() {
        while true {
            lock.lock()
            guard let job = pending else {
                running = false
                let waiters = idleWaiters
                idleWaiters = []
                lock.unlock()
                waiters.forEach { $0.signal() }
                return
            }
            pending = nil
            lock.unlock()

            let started = DispatchTime.now().uptimeNanoseconds
            do {
                let output = try encoder.forward(ids: job.encoding.ids, segments: job.encoding.segments,
                                                isCancelled: { !self.isCurrent(job.generation) })
                let ms = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
                let pass = ForwardPass(generation: job.generation, encoding: job.encoding, output: output, milliseconds: ms)
                let superseded = { !self.isCurrent(job.generation) || self.hasPending }
                if isCurrent(job.generation) { prepare(pass, true, superseded) }
                lock.lock()
                let current = generation == job.generation
                if current { finished = pass }
                let idle = pending == nil
                lock.unlock()
                if current && idle { prepare(pass, false, superseded) }
            } catch is CancellationError {
                continue
            } catch {
                lock.lock()
                if generation == job.generation { failure = "\(error)" }
                lock.unlock()
            }
        }
    }
}

import Dispatch
import Foundation

/// Runs one kind of work on its own background queue so the UI never waits for it; the encoder's forward pass,
/// the masked-LM head for the selected token and occlusion attribution each have one.
///
/// The newest request wins: each `request` bumps a generation counter; a run whose generation is no longer
/// the newest sees `isCancelled` turn true (the work stops at its next check) and its result is dropped.
/// Requests that arrive while a run is busy are coalesced so only the last one runs next. The UI thread
/// collects results with `takeResult()` on each turn of its event loop.
public final class BackgroundRunner<Request: Sendable, Value: Sendable>: @unchecked Sendable {
    /// The work: the request, its generation, and whether it has been superseded. Throws `CancellationError`
    /// when it stops early; any other error becomes the failure message.
    public typealias Work = @Sendable (_ request: Request, _ generation: Int, _ isCancelled: () -> Bool) throws -> Value

    private let work: Work
    private let published: (@Sendable (Value, _ isSuperseded: () -> Bool) -> Void)?
    private let queue: DispatchQueue
    private let lock = NSLock()
    // Guarded by `lock`.
    private var generation = 0
    private var pending: (generation: Int, request: Request)?
    private var running = false
    private var finished: (request: Request, value: Value)?
    private var failure: String?
    private var idleWaiters: [DispatchSemaphore] = []

    /// `published`: runs on the queue after a result is published while no newer request waits (follow-on work
    /// that must not delay the result); `isSuperseded` turns true once a newer request arrives, so it can stop.
    public init(label: String, qos: DispatchQoS = .userInitiated, work: @escaping Work,
                published: (@Sendable (Value, _ isSuperseded: () -> Bool) -> Void)? = nil) {
        self.work = work
        self.published = published
        queue = DispatchQueue(label: label, qos: qos)
    }

    /// Asks for `request` to be run; supersedes (and cancels) anything asked before. Returns its generation.
    @discardableResult
    public func request(_ request: Request) -> Int {
        lock.lock()
        generation += 1
        let g = generation
        pending = (g, request)
        let start = !running
        running = true
        lock.unlock()
        if start { queue.async { self.drain() } }
        return g
    }

    /// Cancels whatever runs or waits and drops its result.
    public func cancel() {
        lock.lock()
        generation += 1
        pending = nil
        finished = nil
        lock.unlock()
    }

    /// The newest finished result not yet taken (with the request it answers), if it is still current.
    public func takeResult() -> (request: Request, value: Value)? {
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
            do {
                let value = try work(job.request, job.generation, { !self.isCurrent(job.generation) })
                lock.lock()
                let current = generation == job.generation
                if current { finished = (job.request, value) }
                let idle = pending == nil
                lock.unlock()
                if current && idle { published?(value, { !self.isCurrent(job.generation) }) }
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

import Foundation
#if canImport(CBLAS)
import CBLAS
#endif

/// Runs the pieces of one parallel step on the calling thread plus persistent helper threads.
///
/// A forward pass makes dozens of short parallel steps (a few microseconds each for one sentence), so
/// waking threads through the kernel each time would cost as much as the work: helpers spin for a while
/// after each step and only then sleep on a condition. Pieces are claimed one at a time from a single atomic
/// word holding `(step, count, next piece)`, so a helper that is descheduled (the machine is busy) simply
/// claims nothing and the caller does the work itself; the caller only waits for pieces already claimed.
/// One step runs at a time; a caller that finds the pool busy (a concurrent forward pass) runs its step alone.
final class WorkerPool: @unchecked Sendable {
    /// How long an idle helper spins before sleeping, in nanoseconds.
    static let spinNanoseconds: UInt64 = 2_000_000

    let threads: Int
    #if canImport(CBLAS)
    /// `[step << 40 | count << 20 | next, finished pieces]`.
    private let state = UnsafeMutablePointer<Int>.allocate(capacity: 2)
    private nonisolated(unsafe) var job: ((Int) -> Void)?
    private let busy = NSLock()
    private let sleep = NSCondition()
    private var step = 0
    #endif

    init(threads: Int) {
        self.threads = max(1, threads)
        #if canImport(CBLAS)
        state.initialize(repeating: 0, count: 2)
        for _ in 1..<self.threads {
            let thread = Thread { [unowned self] in self.helperLoop() }
            thread.stackSize = 1 << 20
            thread.start()
        }
        #endif
    }

    /// Calls `body(i)` for every `i` in `0..<count`, spread over the pool; returns when all are done.
    func run(_ count: Int, _ body: (Int) -> Void) {
        if threads == 1 || count <= 1 {
            for index in 0..<count { body(index) }
            return
        }
        #if canImport(CBLAS)
        precondition(count < 1 << 20)
        guard busy.try() else {
            for index in 0..<count { body(index) }
            return
        }
        defer { busy.unlock() }
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            step = (step + 1) & 0xFF_FFFF
            bx_atomic_store(state + 1, 0)
            bx_atomic_store(state, step << 40 | count << 20)
            sleep.lock()
            sleep.broadcast()
            sleep.unlock()
            work(escapable, step: step)
            var waits = 0
            while bx_atomic_load(state + 1) < count {
                bx_spin_pause()
                waits += 1
                if waits & 63 == 0 { sched_yield() }
            }
            job = nil
        }
        #else
        withoutActuallyEscaping(body) { escapable in
            nonisolated(unsafe) let run = escapable
            DispatchQueue.concurrentPerform(iterations: count) { run($0) }
        }
        #endif
    }

    #if canImport(CBLAS)
    /// Claims and runs pieces of `step` until none is left.
    private func work(_ body: ((Int) -> Void)?, step: Int) {
        while true {
            let word = bx_atomic_load(state)
            let next = word & 0xF_FFFF, count = (word >> 20) & 0xF_FFFF
            guard word >> 40 == step, next < count else { return }
            guard bx_atomic_compare_exchange(state, word, word + 1) != 0 else { continue }
            (body ?? job!)(next)
            bx_atomic_fetch_add(state + 1, 1)
        }
    }

    private func helperLoop() {
        var seen = 0
        while true {
            var spinStart = DispatchTime.now().uptimeNanoseconds
            var spins = 0
            while bx_atomic_load(state) >> 40 == seen {
                bx_spin_pause()
                spins += 1
                // Yield now and then: on an oversubscribed machine the caller may be waiting for this core.
                if spins & 63 == 0 { sched_yield() }
                if spins & 1023 == 0 && DispatchTime.now().uptimeNanoseconds - spinStart > Self.spinNanoseconds {
                    sleep.lock()
                    while bx_atomic_load(state) >> 40 == seen { sleep.wait() }
                    sleep.unlock()
                    spinStart = DispatchTime.now().uptimeNanoseconds
                }
            }
            seen = bx_atomic_load(state) >> 40
            work(nil, step: seen)
        }
    }
    #endif
}

import CEncoderKernels
import Foundation

/// Runs the pieces of one parallel step on the calling thread plus persistent helper threads.
///
/// A forward pass makes dozens of short parallel steps (a few microseconds each for one sentence), so
/// waking threads through the kernel each time would cost as much as the work: helpers spin for a while
/// after each step and only then sleep on a condition. Pieces are claimed one at a time from a single atomic
/// word holding `(step, count, next piece)`, so a helper that is descheduled (the machine is busy) simply
/// claims nothing and the caller does the work itself; the caller only waits for pieces already claimed.
/// One step runs at a time; a caller that finds the pool busy (a concurrent forward pass) runs its step alone.
package final class WorkerPool: @unchecked Sendable {
    /// How long an idle helper spins before sleeping, in nanoseconds.
    static let spinNanoseconds: UInt64 = 2_000_000

    /// The state word: `step << 40 | count << 20 | next`. Steps take 23 bits so the word never reaches the sign
    /// bit (a negative word would no longer match its step).
    package enum Word {
        static let stepMask = 0x7F_FFFF, fieldMask = 0xF_FFFF
        package static func make(step: Int, count: Int, next: Int) -> Int { step << 40 | count << 20 | next }
        package static func step(_ word: Int) -> Int { word >> 40 }
        package static func count(_ word: Int) -> Int { (word >> 20) & fieldMask }
        package static func next(_ word: Int) -> Int { word & fieldMask }
        /// The step after `step`, wrapping to 0 after the largest.
        package static func successor(of step: Int) -> Int { (step + 1) & stepMask }
    }

    package let threads: Int
    /// `[state word, finished pieces, stop requested]`.
    private let state = UnsafeMutablePointer<Int>.allocate(capacity: 3)
    private nonisolated(unsafe) var job: ((Int) -> Void)?
    private let busy = NSLock()
    private let sleep = NSCondition()
    private var step: Int

    /// `threads` counts the caller: `threads - 1` helpers are started. `firstStep` (tests) starts the step counter
    /// elsewhere than 0, e.g. just before it wraps.
    package init(threads: Int, firstStep: Int = 0) {
        self.threads = max(1, threads)
        step = firstStep & Word.stepMask
        state.initialize(repeating: 0, count: 3)
        state[0] = Word.make(step: step, count: 0, next: 0)
        for _ in 1..<self.threads {
            let seen = step
            // Helpers hold the pool until `stop()`; the shared pool lives as long as the process.
            let thread = Thread { self.helperLoop(seen: seen) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Ends the helper threads once they finish what they are doing; `run` then works on the caller alone.
    package func stop() {
        busy.lock()
        defer { busy.unlock() }
        bx_atomic_store(state + 2, 1)
        sleep.lock()
        sleep.broadcast()
        sleep.unlock()
    }

    /// Runs `body` on the caller with the pool held, so every step it starts runs on the caller alone.
    package func alone<T>(_ body: () throws -> T) rethrows -> T {
        busy.lock()
        defer { busy.unlock() }
        return try body()
    }

    /// Calls `body(i)` for every `i` in `0..<count`, spread over the pool; returns when all are done.
    package func run(_ count: Int, _ body: (Int) -> Void) {
        if threads == 1 || count <= 1 || bx_atomic_load(state + 2) != 0 {
            for index in 0..<count { body(index) }
            return
        }
        precondition(count <= Word.fieldMask)
        guard busy.try() else {
            for index in 0..<count { body(index) }
            return
        }
        defer { busy.unlock() }
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            step = Word.successor(of: step)
            bx_atomic_store(state + 1, 0)
            bx_atomic_store(state, Word.make(step: step, count: count, next: 0))
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
    }

    /// Claims and runs pieces of `step` until none is left.
    private func work(_ body: ((Int) -> Void)?, step: Int) {
        while true {
            let word = bx_atomic_load(state)
            let next = Word.next(word), count = Word.count(word)
            guard Word.step(word) == step, next < count else { return }
            guard bx_atomic_compare_exchange(state, word, word + 1) != 0 else { continue }
            (body ?? job!)(next)
            bx_atomic_fetch_add(state + 1, 1)
        }
    }

    private func helperLoop(seen initial: Int) {
        var seen = initial
        while true {
            var spinStart = DispatchTime.now().uptimeNanoseconds
            var spins = 0
            while Word.step(bx_atomic_load(state)) == seen {
                if bx_atomic_load(state + 2) != 0 { return }
                bx_spin_pause()
                spins += 1
                // Yield now and then: on an oversubscribed machine the caller may be waiting for this core.
                if spins & 63 == 0 { sched_yield() }
                if spins & 1023 == 0 && DispatchTime.now().uptimeNanoseconds - spinStart > Self.spinNanoseconds {
                    sleep.lock()
                    while Word.step(bx_atomic_load(state)) == seen && bx_atomic_load(state + 2) == 0 { sleep.wait() }
                    sleep.unlock()
                    spinStart = DispatchTime.now().uptimeNanoseconds
                }
            }
            seen = Word.step(bx_atomic_load(state))
            work(nil, step: seen)
        }
    }
}

import Encoder
import Foundation
import XCTest

/// The worker pool's step counter and piece hand-out, including the wrap-around of the step counter.
final class WorkerPoolTests: XCTestCase {
    func testStateWordKeepsItsStepAcrossTheWrap() {
        var step = (1 << 23) - 3
        for _ in 0..<5 {
            step = WorkerPool.Word.successor(of: step)
            let word = WorkerPool.Word.make(step: step, count: 1000, next: 999)
            XCTAssertGreaterThanOrEqual(word, 0, "step \(step)")
            XCTAssertEqual(WorkerPool.Word.step(word), step)
            XCTAssertEqual(WorkerPool.Word.count(word), 1000)
            XCTAssertEqual(WorkerPool.Word.next(word), 999)
        }
        XCTAssertEqual(step, 2, "the counter wraps to 0 after its largest value")
    }

    /// Before the fix the caller claimed no piece once the step reached 2^23 (the word turned negative), so the
    /// helper did all the work. Here a piece a helper claims waits (bounded) until the caller has run one, so
    /// the caller's share is certain whenever the caller can claim at all.
    func testCallerTakesItsShareAroundTheWrap() {
        for first in [(1 << 23) - 2, (1 << 24) - 2] {
            let pool = WorkerPool(threads: 2, firstStep: first)
            defer { pool.stop() }
            for _ in 0..<5 {
                let caller = Thread.current
                let lock = NSLock()
                var runs = [Int](repeating: 0, count: 8), callerRuns = 0
                pool.run(8) { piece in
                    if Thread.current == caller {
                        lock.withLock { callerRuns += 1 }
                    } else {
                        var spins = 0
                        while lock.withLock({ callerRuns }) == 0 && spins < 20_000 { usleep(50); spins += 1 }
                    }
                    lock.withLock { runs[piece] += 1 }
                }
                XCTAssertEqual(runs, [Int](repeating: 1, count: 8))
                XCTAssertGreaterThan(callerRuns, 0, "the caller ran none of the pieces (first step \(first))")
            }
        }
    }

    func testThreadCountHonoursTheEnvironmentAndIsNotCapped() {
        XCTAssertEqual(ProductScheduler.threadCount(environment: ["BERT_EXPLORER_THREADS": "6"]), 6)
        XCTAssertEqual(ProductScheduler.threadCount(environment: ["BERT_EXPLORER_THREADS": "1"]), 1)
        XCTAssertEqual(ProductScheduler.threadCount(environment: [:]), ProcessInfo.processInfo.activeProcessorCount)
        XCTAssertEqual(ProductScheduler.threadCount(environment: ["BERT_EXPLORER_THREADS": "zero"]),
                       ProcessInfo.processInfo.activeProcessorCount)
    }
}

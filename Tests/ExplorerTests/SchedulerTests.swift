import Explorer
import Dispatch
import Encoder
import WordPiece
import XCTest

final class SchedulerTests: XCTestCase {
    func encoding(_ text: String) -> Encoding { TokenizerDouble().encode(text, pair: nil) }

    func testNewestRequestWinsAndStaleRunsAreCancelled() {
        let gate = DispatchSemaphore(value: 0)
        let encoder = EncoderDouble(gate: gate)
        let scheduler = EncoderScheduler(encoder: encoder)
        scheduler.request(encoding("a"))          // starts, held at the gate
        XCTAssertEqual(encoder.started.wait(timeout: .now() + 30), .success)
        scheduler.request(encoding("a b"))        // queued, then superseded
        let last = scheduler.request(encoding("a b c"))
        gate.signal()                             // the first run sees it is stale and stops
        gate.signal()                             // the newest runs
        gate.signal()
        XCTAssertTrue(scheduler.waitUntilIdle(timeout: .now() + 30))
        let result = scheduler.takeResult()
        XCTAssertEqual(result?.generation, last)
        XCTAssertEqual(result?.encoding.count, 5)
        XCTAssertEqual(encoder.runs, 2, "the middle request was coalesced away")
        XCTAssertEqual(encoder.cancelled, 1)
        XCTAssertNil(scheduler.takeResult())
    }

    func testCancelDropsTheRunningResult() {
        let gate = DispatchSemaphore(value: 0)
        let encoder = EncoderDouble(gate: gate)
        let scheduler = EncoderScheduler(encoder: encoder)
        scheduler.request(encoding("a"))
        XCTAssertEqual(encoder.started.wait(timeout: .now() + 30), .success)
        scheduler.cancel()
        gate.signal()
        XCTAssertTrue(scheduler.waitUntilIdle(timeout: .now() + 30))
        XCTAssertNil(scheduler.takeResult())
        XCTAssertFalse(scheduler.isBusy)
    }

    func testSessionShowsComputingUntilTheResultLands() {
        let gate = DispatchSemaphore(value: 0)
        let session = ExplorerSession(tokenizer: TokenizerDouble(), encoder: EncoderDouble(gate: gate),
                                      colorMode: .none, text: "the cat")
        XCTAssertTrue(session.state.computing)
        XCTAssertTrue(session.render().screen.text.contains("computing…"))
        gate.signal()
        XCTAssertTrue(session.settle(timeout: 30))
        XCTAssertFalse(session.state.computing)
        XCTAssertTrue(session.state.resultIsCurrent)
        XCTAssertTrue(session.render().screen.text.contains(" ms "))
    }

    func testErrorsAreShown() {
        struct Failing: EncoderRunning {
            struct Boom: Error, CustomStringConvertible { var description: String { "out of memory" } }
            var shape: ModelShape { ModelShape(name: "f", layers: 1, heads: 1, hiddenSize: 2) }
            func forward(ids: [Int], segments: [Int], isCancelled: () -> Bool) throws -> EncoderOutput { throw Boom() }
        }
        let session = ExplorerSession(tokenizer: TokenizerDouble(), encoder: Failing(), colorMode: .none, text: "x")
        XCTAssertTrue(session.settle(timeout: 30))
        XCTAssertEqual(session.state.errorMessage, "encoder: out of memory")
        XCTAssertTrue(session.render().screen.text.contains("encoder: out of memory"))
    }

    /// A result that no longer matches the tokens is not shown as current once nothing is pending: after the
    /// input is emptied, and after the encoder fails on new tokens.
    func testStaleResultsAreDropped() {
        struct EmptyWhenBlank: SentenceTokenizing {
            func encode(_ text: String, pair: String?) -> Encoding {
                text.isEmpty && pair == nil ? Encoding(tokens: [], truncated: false) : TokenizerDouble().encode(text, pair: pair)
            }
        }
        let session = ExplorerSession(tokenizer: EmptyWhenBlank(), encoder: EncoderDouble(), colorMode: .none)
        session.handle(.character("a"))
        XCTAssertTrue(session.settle(timeout: 30))
        XCTAssertTrue(session.state.resultIsCurrent)
        session.handle(.key(.backspace))
        XCTAssertTrue(session.settle(timeout: 30))
        XCTAssertEqual(session.state.encoding.count, 0)
        XCTAssertNil(session.state.result)
        XCTAssertTrue(session.render().screen.text.contains("Type a sentence"))

        final class FailsAfterFirst: EncoderRunning, @unchecked Sendable {
            struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
            let inner = EncoderDouble()
            var shape: ModelShape { inner.shape }
            func forward(ids: [Int], segments: [Int], isCancelled: () -> Bool) throws -> EncoderOutput {
                if inner.runs > 0 { throw Boom() }
                return try inner.forward(ids: ids, segments: segments, isCancelled: isCancelled)
            }
        }
        let failing = ExplorerSession(tokenizer: TokenizerDouble(), encoder: FailsAfterFirst(), colorMode: .none, text: "a")
        XCTAssertTrue(failing.settle(timeout: 30))
        XCTAssertTrue(failing.state.resultIsCurrent)
        failing.handle(.character("e"))
        failing.handle(.character("b"))
        XCTAssertTrue(failing.settle(timeout: 30))
        XCTAssertEqual(failing.state.errorMessage, "encoder: boom")
        XCTAssertNil(failing.state.result)
    }
}

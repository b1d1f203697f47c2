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
        while encoder.runs < 1 { usleep(1000) }
        scheduler.request(encoding("a b"))        // queued, then superseded
        let last = scheduler.request(encoding("a b c"))
        gate.signal()                             // the first run sees it is stale and stops
        gate.signal()                             // the newest runs
        gate.signal()
        scheduler.waitUntilIdle()
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
        while encoder.runs < 1 { usleep(1000) }
        scheduler.cancel()
        gate.signal()
        scheduler.waitUntilIdle()
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
        session.settle()
        XCTAssertFalse(session.state.computing)
        XCTAssertTrue(session.state.resultIsCurrent)
        XCTAssertTrue(session.render().screen.text.contains(" ms "))
    }

    func testErrorsAreShown() {
        struct Failing: SentenceEncoding {
            struct Boom: Error, CustomStringConvertible { var description: String { "out of memory" } }
            var shape: ModelShape { ModelShape(name: "f", layers: 1, heads: 1, hiddenSize: 2) }
            func encode(ids: [Int], segments: [Int], isCancelled: () -> Bool) throws -> EncoderOutput { throw Boom() }
        }
        let session = ExplorerSession(tokenizer: TokenizerDouble(), encoder: Failing(), colorMode: .none, text: "x")
        session.settle()
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
        session.settle()
        XCTAssertTrue(session.state.resultIsCurrent)
        session.handle(.key(.backspace))
        session.settle()
        XCTAssertEqual(session.state.encoding.count, 0)
        XCTAssertNil(session.state.result)
        XCTAssertTrue(session.render().screen.text.contains("Type a sentence"))

        final class FailsAfterFirst: SentenceEncoding, @unchecked Sendable {
            struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
            let inner = EncoderDouble()
            var shape: ModelShape { inner.shape }
            func encode(ids: [Int], segments: [Int], isCancelled: () -> Bool) throws -> EncoderOutput {
                if inner.runs > 0 { throw Boom() }
                return try inner.encode(ids: ids, segments: segments, isCancelled: isCancelled)
            }
        }
        let failing = ExplorerSession(tokenizer: TokenizerDouble(), encoder: FailsAfterFirst(), colorMode: .none, text: "a")
        failing.settle()
        XCTAssertTrue(failing.state.resultIsCurrent)
        failing.handle(.character("e"))
        failing.handle(.character("b"))
        failing.settle()
        XCTAssertEqual(failing.state.errorMessage, "encoder: boom")
        XCTAssertNil(failing.state.result)
    }
}

import Dispatch
import Encoder
import Explorer
import Foundation
import SeededRandom
import TestSupport
import Training
import WordPiece
import XCTest

/// Occlusion attribution runs after the pass it explains, off the UI thread, and is cancelled the moment the
/// text changes: a stale attribution is never shown. Encoder runs are held at a gate (as in `SchedulerTests`),
/// so every interleaving below is forced, not hoped for.
final class AttributionSchedulerTests: XCTestCase {
    /// A sentence head on the double's last layer, mean-pooled (so every token moves it), seeded weights.
    static func head(layers: Int = 3, hiddenSize: Int = 8, task: TrainingTask = .sentence, labels: [String] = ["neg", "pos"],
                     sweep: [SweepRow]? = nil) -> TaskHead {
        var generator = SeededGenerator(seed: 7)
        let count = HeadParameters.count(kind: .linear, features: hiddenSize, hidden: 0, classes: labels.count)
        let flat = (0..<count).map { _ in Float(Double(generator.next() % 2001) / 1000 - 1) }
        let metadata = HeadMetadata(task: task, labels: labels, layer: layers, pooling: .mean, head: .linear, hidden: 0,
                                    encoderName: "double", encoderFingerprint: "0", dataFile: "memory", dataHash: "0",
                                    columns: DataColumns(), examples: 0, truncated: 0, fit: FitOptions(), metrics: nil,
                                    sweep: sweep)
        let parameters = HeadParameters(kind: .linear, features: hiddenSize, hidden: 0, classes: labels.count, flat: flat)
        return TaskHead(name: "double-head", trained: TrainedHead(metadata: metadata, parameters: parameters), pooler: nil)
    }

    func testTheNewestAttributionWinsAndASupersededRunNeverPublishes() {
        let gate = DispatchSemaphore(value: 0), started = DispatchSemaphore(value: 0)
        let runner = BackgroundRunner<String, String>(label: "test") { request, _, isCancelled in
            started.signal()
            gate.wait()
            if isCancelled() { throw CancellationError() }
            return request.uppercased()
        }
        runner.request("old")
        XCTAssertEqual(started.wait(timeout: .now() + 30), .success)
        runner.request("new")                    // supersedes the run held at the gate
        gate.signal()
        gate.signal()
        XCTAssertTrue(runner.waitUntilIdle(timeout: .now() + 30))
        let result = runner.takeResult()
        XCTAssertEqual(result?.request, "new")
        XCTAssertEqual(result?.value, "NEW")
        XCTAssertNil(runner.takeResult())

        // A run that finishes after a cancel (it never checked) is dropped all the same.
        let late = BackgroundRunner<String, String>(label: "test") { request, _, _ in
            started.signal()
            gate.wait()
            return request
        }
        late.request("stale")
        XCTAssertEqual(started.wait(timeout: .now() + 30), .success)
        late.cancel()
        gate.signal()
        XCTAssertTrue(late.waitUntilIdle(timeout: .now() + 30))
        XCTAssertNil(late.takeResult())
    }

    func testAttributionFollowsTheShownPassAndIsCancelledWhenTheTextChanges() throws {
        let gate = DispatchSemaphore(value: 0)
        let encoder = EncoderDouble(gate: gate)
        let head = Self.head()
        let session = ExplorerSession(tokenizer: TokenizerDouble(), encoder: encoder, colorMode: .none, text: "the cat sat",
                                      width: 100, height: 30, taskHeads: [head])
        XCTAssertNil(session.state.followUps.attributionRequest, "nothing to explain before the pass lands")
        XCTAssertEqual(encoder.started.wait(timeout: .now() + 30), .success)
        gate.signal()                                         // the main pass
        XCTAssertTrue(session.settle(timeout: 30, followUps: false))
        XCTAssertTrue(session.state.resultIsCurrent)
        let first = try XCTUnwrap(session.state.followUps.attributionRequest, "asked for once the pass is shown")
        XCTAssertEqual(first.generation, session.state.result?.generation)
        XCTAssertEqual(encoder.started.wait(timeout: .now() + 30), .success)   // its first occlusion, at the gate
        let pending = session.render().screen.text
        XCTAssertTrue(pending.contains("attribution…"), pending)
        XCTAssertTrue(pending.contains("cls neg") || pending.contains("cls pos"), "the prediction shows before attribution")

        session.handle(.key(.enter))                          // edit, then change the text
        session.handle(typing("s"))
        XCTAssertFalse(session.state.resultIsCurrent)
        XCTAssertNil(session.state.followUps.attributionRequest, "the text change cancels it")
        XCTAssertFalse(session.render().screen.text.contains("attribution…"))
        for _ in 0..<64 { gate.signal() }                     // let everything run: the stale occlusion stops
        XCTAssertTrue(session.settle(timeout: 60))
        XCTAssertGreaterThanOrEqual(encoder.cancelled, 1, "the superseded occlusion run stopped between layers")

        let state = session.state
        let request = try XCTUnwrap(state.followUps.attributionRequest)
        let attribution = try XCTUnwrap(state.followUps.attribution)
        XCTAssertEqual(request.generation, state.result?.generation, "only the shown pass's attribution is kept")
        XCTAssertNotEqual(request.generation, first.generation)
        XCTAssertEqual(request.encoding.ids, state.encoding.ids)
        // An answer to the old request arriving now is ignored.
        let stale = session.reducer.receive(state, attribution: Attribution(drops: attribution.drops.map { _ in 9 }), for: first)
        XCTAssertEqual(stale.followUps.attribution, attribution)

        // The values are the drops of the label's probability, recomputed here from the double's own outputs.
        let tokens = request.encoding.tokens
        func probability(_ ids: [Int]) throws -> Float {
            let output = try EncoderDouble().forward(ids: ids, segments: request.encoding.segments, isCancelled: { false })
            var pooled = [Float](repeating: 0, count: 8)
            output.hiddenStates[3].withUnsafeBufferPointer { h in
                for t in 0..<ids.count { for i in 0..<8 { pooled[i] += h[t * 8 + i] / Float(ids.count) } }
            }
            return head.trained.predict(pooled).probabilities[request.label]
        }
        let baseline = try probability(request.encoding.ids)
        XCTAssertEqual(request.baseline, baseline, accuracy: 1e-5)
        for (i, token) in tokens.enumerated() {
            guard !token.isSpecial else { XCTAssertNil(attribution.drops[i]); continue }
            var ids = request.encoding.ids
            ids[i] = 103
            let drop = try XCTUnwrap(attribution.drops[i])
            XCTAssertEqual(drop, baseline - (try probability(ids)), accuracy: 1e-5, "token \(i)")
        }
        XCTAssertTrue(attribution.drops.contains { ($0 ?? 0) != 0 }, "occluding a token moves the prediction")
    }

    func testCyclingHeadsAsksForTheShownHeadsAttribution() throws {
        let session = ExplorerSession(tokenizer: TokenizerDouble(), encoder: EncoderDouble(), colorMode: .none,
                                      text: "the cat sat", width: 100, height: 30,
                                      taskHeads: [Self.head(), Self.head(task: .token, labels: ["O", "B-X", "I-X"])])
        XCTAssertTrue(session.settle(timeout: 60))
        XCTAssertEqual(session.state.followUps.attributionRequest?.head, 0)
        session.handle(.character("T"))
        XCTAssertEqual(session.state.shownTaskHead, 1)
        XCTAssertTrue(session.settle(timeout: 60))
        let request = try XCTUnwrap(session.state.followUps.attributionRequest)
        XCTAssertEqual(request.head, 1)
        XCTAssertEqual(request.target, session.state.selectedToken, "a token head explains the selected word's label")
        XCTAssertNotNil(session.state.followUps.attribution)
        session.handle(.character("T"))
        XCTAssertEqual(session.state.shownTaskHead, 0)

        let one = ExplorerSession(tokenizer: TokenizerDouble(), encoder: EncoderDouble(), colorMode: .none, text: "a",
                                  taskHeads: [Self.head()])
        one.handle(.character("T"))
        XCTAssertEqual(one.state.statusMessage, "T: only one trained head is loaded (--head can be given again)")
    }
}

extension AttributionSchedulerTests {
    /// A token head explains the selected word's label; on a special token there is nothing to explain.
    func testATokenHeadOnASpecialTokenAsksForNothing() throws {
        let session = ExplorerSession(tokenizer: TokenizerDouble(), encoder: EncoderDouble(), colorMode: .none,
                                      text: "the cat sat", width: 100, height: 30,
                                      taskHeads: [Self.head(task: .token, labels: ["O", "B-X"])])
        XCTAssertTrue(session.settle(timeout: 60))
        XCTAssertNotNil(session.state.followUps.attribution)
        session.handle(.key(.home))
        XCTAssertEqual(session.state.selectedToken, 0)
        XCTAssertNil(session.state.followUps.attributionRequest)
        XCTAssertTrue(session.render().screen.text.contains("select a word to see what drives its label"))
    }
}

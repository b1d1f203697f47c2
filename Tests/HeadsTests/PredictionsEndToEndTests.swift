import Foundation
import TestSupport
import XCTest

/// The real binary in a tmux pane on a checkpoint with a masked-LM head: the top word sits under the [MASK]
/// and follows the typing, and the Predictions view shows every layer for the selected token.
final class PredictionsEndToEndTests: XCTestCase {
    func testMaskPredictionsFollowTypingAndTheViewShowsEveryLayer() throws {
        let directory = Fixtures.url("heads/models/bert-mlm-f32")
        let session = try TmuxSession(command: [BuiltBinary.url.path, "--model", directory.path, "the cat sat on the [MASK] ."],
                                      width: 100, height: 30, environment: ["NO_COLOR": "1"])
        defer { session.kill() }
        // The reference's last-layer top word at the [MASK] (position 6) is printed under it.
        let reference = try XCTUnwrap(HeadReference.load().models["bert-mlm-f32"]?.cases[0].mlm)
        let vocabulary = try String(contentsOf: directory.appendingPathComponent("vocab.txt"), encoding: .utf8).split(separator: "\n")
        let top = try XCTUnwrap(reference.first { $0.layer == 2 && $0.position == 6 }).ids[0]
        var screen = try session.waitUntil("the mask's top word", timeout: 90) { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix("mlm") && $0.contains(vocabulary[top]) }
        }
        XCTAssertTrue(screen.contains("5 Predictions"), screen)

        // A second [MASK] typed at the end gets its own word under it.
        try session.sendKeys("e", "End")
        try session.type(" [MASK]")
        screen = try session.waitUntil("two predicted masks") { screen in
            guard let line = screen.split(separator: "\n").first(where: { $0.hasPrefix("mlm") }) else { return false }
            return line.split(separator: " ").count == 3
        }

        // Escape, then (once the mode shows, so the two are not read as Alt-5) the view's digit.
        try session.sendKeys("Escape")
        try session.waitUntil("explore mode") { $0.split(separator: "\n").first?.hasSuffix("EXPLORE") == true }
        try session.sendKeys("5")
        screen = try session.waitFor("top 5 of the masked-LM head at every layer")
        XCTAssertTrue(screen.contains("emb") && screen.contains("▶L1") && screen.contains("L2"), screen)
        try session.sendKeys("q")
        _ = try session.waitForExit(timeout: 10)
    }
}

import Foundation
import TestSupport
import XCTest

/// The real binary in a tmux pane: a sentence pair typed as `A ||| B`, then the pair filter, the word view and
/// norm-based attention toggled, and the Neuron view opened, each read from the screen.
final class AttentionModesEndToEndTests: XCTestCase {
    func testPairFilterWordsNormsAndNeuronView() throws {
        let session = try TmuxSession(command: [BuiltBinary.url.path], width: 110, height: 32, environment: ["NO_COLOR": "1"])
        defer { session.kill() }
        _ = try session.waitUntil("the editor", timeout: 90) { $0.contains("EDIT") }
        try session.type("Tokenization helps ||| the cat sat")
        try session.sendKeys("Escape")
        var screen = try session.waitUntil("the pair's result", timeout: 60) {
            $0.contains("EXPLORE") && $0.contains("│ A|B") && !$0.contains("computing")
        }
        try session.sendKeys("p")
        screen = try session.waitUntil("the A→B filter") { $0.contains("mean of heads · A→B") || $0.contains("linear A→B") }
        try session.sendKeys("m")
        screen = try session.waitUntil("the word view") { $0.contains("tokenization") && $0.contains("words") }
        XCTAssertFalse(screen.components(separatedBy: "\n").dropFirst(8).contains { $0.contains("##") },
                       "no ## piece left in the heatmap:\n\(screen)")
        try session.sendKeys("n")
        screen = try session.waitUntil("norm-based attention") { $0.contains("‖αf(x)‖ = ") }
        try session.sendKeys("7", "Tab")
        screen = try session.waitUntil("the Neuron view") { $0.contains("q·k = ") && $0.contains("softmax → ") }
        XCTAssertTrue(screen.contains("dim 0: q = "), screen)
        try session.sendKeys("p")
        screen = try session.waitUntil("the refusal") { $0.contains("p works only in the Attention (1), Token (2) views") }
        try session.sendKeys("q")
        try session.waitForExit(timeout: 5)
    }
}

import Explorer
import XCTest

/// Prints per-keystroke timings with the doubles (the real tokenizer and model are measured in the
/// bundled-model tests). Times are printed, never asserted.
final class KeystrokeTimingTests: XCTestCase {
    func testKeystrokeReplayWithDoubles() throws {
        let sentence = (0..<58).map { ["the", "cat", "sat", "on", "a", "warm", "mat"][$0 % 7] }.joined(separator: " ")
        let replay = KeystrokeReplay(tokenizer: TokenizerDouble(), encoder: EncoderDouble(layers: 6, heads: 12))
        let report = try replay.run(sentence)
        print(report)
        XCTAssertEqual(report.tokens, 60)
        XCTAssertEqual(report.panelMilliseconds.count, 4)
    }

    func testViewsAt512Tokens() throws {
        let text = (0..<510).map { _ in "w" }.joined(separator: " ")
        var replay = KeystrokeReplay(tokenizer: TokenizerDouble(), encoder: EncoderDouble(layers: 2, heads: 4))
        replay.width = 200
        replay.height = 60
        let (encoder, panels) = try replay.measureViews(text)
        print("512 tokens (double, 2 layers × 4 heads): encoder \(encoder) ms; " + panels.map { "\($0.0.title) \($0.1) ms" }.joined(separator: ", "))
        XCTAssertEqual(panels.count, 4)
    }
}

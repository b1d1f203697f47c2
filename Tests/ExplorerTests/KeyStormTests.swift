import Explorer
import TerminalUI
import TestSupport
import WordPiece
import XCTest

/// Thousands of random events from a fixed seed: nothing crashes and every index stays in range.
final class KeyStormTests: XCTestCase {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let keys: [InputEvent.Key] = [.left, .right, .up, .down, .home, .end, .pageUp, .pageDown, .backspace, .delete,
                                         .enter, .escape, .tab, .backTab]
    static let characters: [Character] = Array("abc xyz 東京 é!?|123[]vVsdxcaheiljk1234") + ["\u{301}", "🙂"]

    func randomEvent(_ g: inout Generator) -> InputEvent {
        switch g.next(20) {
        case 0..<7: return .character(Self.characters[g.next(Self.characters.count)])
        case 7..<14: return .key(Self.keys[g.next(Self.keys.count)])
        case 14: return .control(["u", "w", "a", "e", "d", "h"][g.next(6)])
        case 15, 16: return .click(x: g.next(100), y: g.next(30))
        case 17: return .scroll(up: g.next(2) == 0, x: 0, y: 0)
        case 18: return .resize(width: 20 + g.next(120), height: 5 + g.next(50))
        default: return .character(["|", "|", "|", " "][g.next(4)])
        }
    }

    func testRandomKeyStormKeepsInvariants() {
        storm(tokenizer: TokenizerDouble(), seed: 20261126)
    }

    /// The same storm through the real tokenizer, whose offsets (CJK, combining marks, pairs, [UNK]) drive the
    /// input-line highlighting and the cursor-follows-token selection.
    func testRandomKeyStormWithTheRealTokenizer() throws {
        let tokenizer = try BertTokenizer.load(directory: Fixtures.bundledModel)
        storm(tokenizer: tokenizer, seed: 7, events: 2500)
    }

    func storm(tokenizer: any SentenceTokenizing, seed: UInt64, events: Int = 4000) {
        let encoder = EncoderDouble(layers: 3, heads: 4)
        let session = ExplorerSession(tokenizer: tokenizer, encoder: encoder, colorMode: .palette256,
                                      text: "the cat sat on the mat", width: 80, height: 24)
        var g = Generator(state: seed)
        for i in 0..<events {
            let event = randomEvent(&g)
            if event == .control("c") || event == .character("q") { continue }
            session.handle(event)
            if i % 7 == 0 { session.settle() } else { session.poll() }
            let s = session.state
            let count = max(s.encoding.count, s.shownTokens.count)
            XCTAssertTrue(s.selectedToken >= 0 && (count == 0 || s.selectedToken < count), "selection at \(i)")
            XCTAssertTrue(s.focusKey >= 0 && (count == 0 || s.focusKey < count), "focus at \(i)")
            XCTAssertTrue((0..<3).contains(s.layer), "layer at \(i)")
            XCTAssertTrue(s.head == nil || (0..<4).contains(s.head!), "head at \(i)")
            XCTAssertTrue((0...s.input.characters.count).contains(s.input.cursor))
            if i % 5 == 0 {
                let spans = s.encoding.tokens.map { (start: $0.start, end: $0.end, segment: $0.segment) }
                for range in s.input.characterRanges(spans) {
                    if let range { XCTAssertTrue(range.upperBound <= s.input.characters.count, "span past the text at \(i)") }
                }
                let frame = session.render()
                XCTAssertEqual(frame.screen.width, s.width)
            }
            if s.input.characters.count > 60 { session.handle(.control("u")); session.handle(.key(.end)); session.handle(.control("u")) }
            if s.shouldQuit { break }
        }
        session.settle()
        XCTAssertTrue(session.state.resultIsCurrent || session.state.encoding.tokens.isEmpty)
        XCTAssertFalse(session.state.computing)
    }
}

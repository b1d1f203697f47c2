import Explorer
import Encoder
import TerminalUI
import TestSupport
import WordPiece
import XCTest

/// The explorer on the bundled all-MiniLM-L6-v2 with the real tokenizer: snapshots of every view for one
/// fixed sentence pair (the keystroke timings are `bert-explorer bench explorer`).
final class BundledModelTests: XCTestCase {
    static let loaded: (BertTokenizer, BertModel)? = {
        guard let tokenizer = try? BertTokenizer.load(directory: Fixtures.bundledModel),
              let model = try? BertModel.load(directory: Fixtures.bundledModel) else { return nil }
        return (tokenizer, model)
    }()

    static let sentence = "The cat sat on the mat. ||| It purred, unbothered."

    func session(_ text: String = sentence, width: Int = 80, height: Int = 24, mode: ColorMode = .palette256,
                 keys: [InputEvent] = []) throws -> ExplorerSession {
        let (tokenizer, model) = try XCTUnwrap(Self.loaded, "bundled model not loadable")
        let s = ExplorerSession(tokenizer: tokenizer, encoder: model, colorMode: mode, text: text, width: width, height: height)
        s.settle()
        for k in keys { s.handle(k) }
        s.settle()
        return s
    }

    func testTokensOfTheFixedSentence() throws {
        let s = try session()
        XCTAssertEqual(s.state.encoding.tokens.first?.text, "[CLS]")
        XCTAssertEqual(s.state.encoding.segments.last, 1)
        XCTAssertTrue(s.state.resultIsCurrent)
        XCTAssertEqual(s.state.model.layers, 6)
        XCTAssertEqual(s.state.model.heads, 12)
    }

    func testMainScreenAndEveryView() throws {
        assertSnapshot(try session(keys: [.key(.right), .key(.right), .character("]")]).fixedFrame().screen,
                       named: "explorer/minilm-attention")
        assertSnapshot(try session(keys: [.key(.right), .key(.right), .key(.tab), .key(.tab), .key(.tab), .character("x"), .key(.down), .key(.down)]).fixedFrame().screen,
                       named: "explorer/minilm-attention-head3-layer3-nospecial")
        assertSnapshot(try session(keys: [.character("2"), .key(.right), .key(.right), .key(.down)]).fixedFrame().screen,
                       named: "explorer/minilm-token")
        assertSnapshot(try session(keys: [.character("3"), .key(.right), .key(.right)]).fixedFrame().screen,
                       named: "explorer/minilm-norms")
        assertSnapshot(try session(keys: [.character("4"), .key(.tab), .key(.down)]).fixedFrame().screen,
                       named: "explorer/minilm-overview")
        assertSnapshot(try session(mode: .none, keys: [.character("4"), .character("x")]).fixedFrame().screen,
                       named: "explorer/minilm-overview-nocolor")
        assertSnapshot(try session(keys: [.character("e"), .key(.home), .key(.right), .key(.right), .key(.right), .key(.right), .key(.right)]).fixedFrame().screen,
                       named: "explorer/minilm-editing")
    }

    /// Without colour every view still reads: shade glyphs and numbers (these also serve as README captures). With
    /// `x` on, the focused key starts on the first visible token, so two `]` reach "sat".
    func testEveryViewWithoutColor() throws {
        let start: [InputEvent] = [.key(.right), .key(.right), .key(.right)]
        assertSnapshot(try session(mode: .none, keys: start + [.key(.down), .key(.down), .character("x"), .character("]"), .character("]")]).fixedFrame().screen,
                       named: "explorer/minilm-attention-nocolor")
        assertSnapshot(try session(mode: .none, keys: start + [.character("2"), .key(.down)]).fixedFrame().screen,
                       named: "explorer/minilm-token-nocolor")
        assertSnapshot(try session(width: 100, height: 30, mode: .none, keys: start + [.character("3")]).fixedFrame().screen,
                       named: "explorer/minilm-norms-nocolor-100x30")
    }

    /// The attention view on a wide terminal: six-column cells with their values, token labels on the key
    /// axis (the NO_COLOR render is the README's 120-column capture).
    func testAttentionOnAWideTerminal() throws {
        let keys: [InputEvent] = [.key(.right), .key(.right), .key(.right), .key(.down), .key(.down), .character("x"), .character("]"), .character("]")]
        assertSnapshot(try session(width: 120, height: 40, keys: keys).fixedFrame().screen,
                       named: "explorer/minilm-attention-120x40")
        assertSnapshot(try session(width: 120, height: 40, mode: .none, keys: keys).fixedFrame().screen,
                       named: "explorer/minilm-attention-nocolor-120x40")
    }

    /// Double-width CJK tokens, accents stripped by the uncased normaliser, an unknown emoji: columns stay aligned.
    func testWideAndUnknownTokensStayAligned() throws {
        let s = try session("東京の猫は café で寝る 🙂 ||| naïve", keys: [.key(.right), .key(.right)])
        let frame = s.fixedFrame()
        assertSnapshot(frame.screen, named: "explorer/minilm-cjk")
        let rows = frame.screen.text.split(separator: "\n").map(String.init)
        let tokenRow = try XCTUnwrap(rows.first { $0.hasPrefix("tok ") }).replacingOccurrences(of: "›", with: " ")
        let idRow = try XCTUnwrap(rows.first { $0.hasPrefix("id  ") })
        // Every id starts in the column where its token starts.
        func starts(_ row: String) -> [Int] {
            var columns: [Int] = [], column = 0, previousBlank = true
            for ch in row {
                let blank = ch == " "
                if !blank && previousBlank { columns.append(column) }
                previousBlank = blank
                column += ch.unicodeScalars.first.map { $0.value >= 0x3000 && $0.value < 0xA000 ? 2 : 1 } ?? 1
            }
            return columns
        }
        XCTAssertEqual(starts(tokenRow), starts(idRow), "\n\(tokenRow)\n\(idRow)")
        XCTAssertTrue(s.state.encoding.tokens.contains { $0.text == "[UNK]" })
    }

    /// Input longer than the model's `max_position_embeddings` is cut to it (the tokenizer allows 512, the
    /// tiny fixture only 64), flagged in the header, and still runs through the encoder.
    func testInputIsCutToTheModelsPositions() throws {
        let directory = Fixtures.url("encoder/models/tiny-base")
        let tokenizer = try BertTokenizer.load(directory: directory)
        let model = try BertModel.load(directory: directory)
        XCTAssertEqual(model.config.maxPositions, 64)
        let text = String(repeating: "word ", count: 80)
        let s = ExplorerSession(tokenizer: tokenizer, encoder: model, colorMode: .none, text: text, width: 100, height: 30)
        s.settle()
        XCTAssertEqual(s.state.encoding.count, 64)
        XCTAssertTrue(s.state.encoding.truncated)
        XCTAssertNil(s.state.errorMessage)
        XCTAssertTrue(s.state.resultIsCurrent)
        let screen = s.render().screen.text
        XCTAssertTrue(screen.contains("64 tokens (truncated)"), screen)
    }
}

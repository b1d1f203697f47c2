import Explorer
import XCTest

final class InputLineTests: XCTestCase {
    func testEditing() {
        var line = InputLine("hello world")
        XCTAssertEqual(line.cursor, 11)
        line.deleteWordBackward()
        XCTAssertEqual(line.text, "hello ")
        line.moveHome()
        line.deleteForward()
        XCTAssertEqual(line.text, "ello ")
        line.moveRight(); line.moveRight()
        line.insert("X")
        XCTAssertEqual(line.text, "elXlo ")
        line.deleteToStart()
        XCTAssertEqual(line.text, "lo ")
        XCTAssertEqual(line.cursor, 0)
        line.backspace()
        line.moveLeft()
        XCTAssertEqual(line.cursor, 0)
        line.moveEnd()
        line.moveRight()
        XCTAssertEqual(line.cursor, 3)
    }

    func testWordMovesKillsAndYank() {
        var line = InputLine("the quick, brown fox")
        line.moveWordLeft()
        XCTAssertEqual(line.cursor, 17)
        line.moveWordLeft(); line.moveWordLeft()
        XCTAssertEqual(line.cursor, 4)
        line.moveWordRight()
        XCTAssertEqual(line.cursor, 9, "end of quick, before the comma")
        line.deleteWordForward()
        XCTAssertEqual(line.text, "the quick fox")
        line.yank()
        XCTAssertEqual(line.text, "the quick, brown fox")
        line.moveHome(); line.moveWordRight()
        line.deleteToEnd()
        XCTAssertEqual(line.text, "the")
        line.moveHome()
        line.yank()
        XCTAssertEqual(line.text, " quick, brown foxthe")
    }

    func testCtrlWSkipsTrailingSpaces() {
        var line = InputLine("one two   ")
        line.deleteWordBackward()
        XCTAssertEqual(line.text, "one ")
    }

    func testPairSplitsOnTheSeparator() {
        let line = InputLine("a cat ||| a dog")
        let parts = line.parts
        XCTAssertEqual(parts.first, "a cat ")
        XCTAssertEqual(parts.second?.text, " a dog")
        XCTAssertEqual(parts.second?.offset, 9)
        // "dog" is scalars 3..<6 of " a dog": characters 12..<15 of the line.
        XCTAssertEqual(line.characterRange(scalarStart: 3, scalarEnd: 6, segment: 1), 12..<15)
        XCTAssertNil(InputLine("no pair").characterRange(scalarStart: 0, scalarEnd: 1, segment: 1))
    }

    func testScalarOffsetsMapToCharacters() {
        // "é" written as e + combining acute is two scalars but one character.
        let line = InputLine("cafe\u{301} 東京")
        XCTAssertEqual(line.characters.count, 7)
        XCTAssertEqual(line.characterRange(scalarStart: 0, scalarEnd: 5, segment: 0), 0..<4)
        XCTAssertEqual(line.characterRange(scalarStart: 6, scalarEnd: 7, segment: 0), 5..<6)
        XCTAssertEqual(line.characterRange(scalarStart: 7, scalarEnd: 8, segment: 0), 6..<7)
    }
}

extension InputLineTests {
    func testBatchRangesAgreeWithSingleRanges() {
        let line = InputLine("cafe\u{301} 東京 ||| x 🙂y")
        let spans: [(start: Int?, end: Int?, segment: Int)] = [(0, 5, 0), (6, 7, 0), (7, 8, 0), (nil, nil, 0), (1, 2, 1), (3, 4, 1), (4, 5, 1)]
        let batch = line.characterRanges(spans)
        for (i, span) in spans.enumerated() {
            let single = span.start.map { line.characterRange(scalarStart: $0, scalarEnd: span.end!, segment: span.segment) } ?? nil
            XCTAssertEqual(batch[i], single, "span \(i)")
        }
    }
}

extension InputLineTests {
    /// Ctrl-Z (issue 7 item 8): each edit is undone in turn, with its cursor; moves are not edits; the history
    /// does not make two equal lines unequal.
    func testUndoRestoresEachEditInTurn() {
        var line = InputLine("the cat")
        line.insert(contentsOf: Array(" sat"))
        line.moveWordLeft()
        line.deleteWordBackward()
        XCTAssertEqual(line.text, "the sat")
        line.backspace()
        XCTAssertEqual(line.text, "thesat")
        XCTAssertTrue(line.undo())
        XCTAssertEqual(line.text, "the sat")
        XCTAssertEqual(line.cursor, 4)
        XCTAssertTrue(line.undo())
        XCTAssertEqual(line.text, "the cat sat")
        XCTAssertEqual(line.cursor, 8, "the cursor where the word deletion found it")
        XCTAssertTrue(line.undo())
        XCTAssertEqual(line.text, "the cat")
        XCTAssertEqual(line.cursor, 7)
        XCTAssertFalse(line.undo(), "nothing before the first edit")
        XCTAssertEqual(line.text, "the cat")
        var typed = InputLine("x")
        typed.insert("y")
        typed.undo()
        XCTAssertEqual(typed, InputLine("x"))
    }
}

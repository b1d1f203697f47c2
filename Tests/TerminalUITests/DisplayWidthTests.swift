import Foundation
import TerminalUI
import XCTest

final class DisplayWidthTests: XCTestCase {
    func testSamples() {
        let samples: [(String, Int)] = [
            ("a", 1), ("é", 1), ("e\u{301}", 1), ("中", 2), ("한", 2), ("ｱ", 1), ("Ａ", 2), ("😀", 2), ("🚀", 2),
            ("🇫🇷", 2), ("⌚", 2), ("░", 1), ("┌", 1), ("\u{200B}", 0), ("\u{AD}", 1), ("\u{1160}", 0),
            ("䷀", 2), ("\u{7}", 0),
        ]
        for (text, width) in samples {
            XCTAssertEqual(DisplayWidth.of(text), width, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    func testTruncate() {
        XCTAssertEqual(DisplayWidth.truncate("attention", to: 9), "attention")
        XCTAssertEqual(DisplayWidth.truncate("attention", to: 5), "atte…")
        XCTAssertEqual(DisplayWidth.truncate("中文字", to: 4), "中…")
        XCTAssertEqual(DisplayWidth.truncate("abc", to: 0), "")
    }

    #if os(Linux)
    /// ncurses places characters by glibc's wcwidth, so the Screen must agree with it wherever glibc
    /// knows the character (glibc's Unicode can be older than Swift's: unknown characters are skipped).
    func testAgreesWithGlibcWcwidth() throws {
        let previous = String(cString: setlocale(LC_CTYPE, nil))
        defer { setlocale(LC_CTYPE, previous) }
        guard setlocale(LC_CTYPE, "C.UTF-8") != nil else { return XCTFail("the C.UTF-8 locale is required (libc-bin)") }
        var mismatches: [String] = []
        for value in UInt32(0x20)...0x3FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let glibc = Int(systemWcwidth(Int32(bitPattern: value)))
            // U+1171E became a spacing mark after the Unicode version glibc 2.36 uses.
            if glibc < 0 || value == 0x1171E { continue }
            let mine = DisplayWidth.of(scalar)
            if mine != glibc { mismatches.append(String(format: "U+%04X glibc %d ours %d", value, glibc, mine)) }
        }
        XCTAssertEqual(mismatches, [], "\(mismatches.count) mismatches, first: \(mismatches.prefix(20))")
    }
    #endif
}

#if os(Linux)
@_silgen_name("wcwidth")
private func systemWcwidth(_ character: Int32) -> Int32
#endif

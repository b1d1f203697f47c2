#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor line by line (`\n`, with one trailing `\r` removed) in bounded memory: a line
/// arrives in pieces of at most `maximumPieceBytes`, each cut just after ASCII whitespace when there is some,
/// so `tokenize < /dev/zero` or a 100 MB word never holds more than one piece. `beforeBlocking` runs before each
/// `read(2)`, letting a caller flush its output so results appear as soon as the input pauses.
final class LineReader {
    /// One piece of a line.
    struct Piece {
        var bytes: [UInt8]
        /// True for the last piece of its line.
        var endsLine: Bool
        /// False when the piece was cut inside a run of more than `maximumPieceBytes` without whitespace.
        var cutAtWhitespace: Bool
    }

    private let descriptor: Int32
    private let maximumPieceBytes: Int
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var finished = false
    /// True when the previous piece ended its line (the next piece starts a new one).
    private var atLineStart = true
    /// 1-based number of the line the last piece belongs to.
    private(set) var lineNumber = 0

    init(descriptor: Int32 = 0, maximumPieceBytes: Int = 1 << 20, bufferSize: Int = 1 << 16) {
        self.descriptor = descriptor
        self.maximumPieceBytes = max(maximumPieceBytes, 16)
        buffer = [UInt8](repeating: 0, count: bufferSize)
    }

    /// The next piece of the current line (or of the next line), or nil at end of input.
    func nextPiece(beforeBlocking: () -> Void = {}) -> Piece? {
        var piece: [UInt8] = []
        while true {
            if start < end {
                let found = buffer.withUnsafeBufferPointer { bytes -> Int? in
                    guard let base = bytes.baseAddress,
                          let hit = memchr(base + start, 0x0A, end - start) else { return nil }
                    return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                }
                let stop = found ?? end
                let room = maximumPieceBytes - piece.count
                if stop - start <= room, let newline = found {
                    piece.append(contentsOf: buffer[start..<newline])
                    start = newline + 1
                    return finish(piece, endsLine: true, cutAtWhitespace: true)
                }
                let take = min(stop - start, room)
                piece.append(contentsOf: buffer[start..<start + take])
                start += take
                if piece.count >= maximumPieceBytes { return cut(piece) }
            }
            if finished { return piece.isEmpty && atLineStart ? nil : finish(piece, endsLine: true, cutAtWhitespace: true) }
            beforeBlocking()
            let count = buffer.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress!, raw.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                finished = true
            } else {
                start = 0
                end = count
            }
        }
    }

    /// The next line's bytes, or nil at end of input; a line longer than one piece is cut to its first piece
    /// (the rest is read and dropped), so memory stays bounded.
    func next(beforeBlocking: () -> Void = {}) -> [UInt8]? {
        guard let first = nextPiece(beforeBlocking: beforeBlocking) else { return nil }
        var ended = first.endsLine
        while !ended, let piece = nextPiece(beforeBlocking: beforeBlocking) { ended = piece.endsLine }
        return first.bytes
    }

    /// True when a whole next line (or the input's unterminated last line) is already read, so `next` would
    /// return it without blocking.
    var hasBufferedLine: Bool {
        guard atLineStart, start < end else { return false }
        return finished || buffer.withUnsafeBufferPointer { memchr($0.baseAddress! + start, 0x0A, end - start) != nil }
    }

    /// UTF-8 decoding with U+FFFD for invalid bytes (a piece is never cut inside a character it can hold whole,
    /// except when cut inside a run without whitespace).
    static func decode(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// A full piece inside a line: keep what follows its last ASCII whitespace for the next piece.
    private func cut(_ piece: [UInt8]) -> Piece {
        guard let space = piece.lastIndex(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0B || $0 == 0x0C }) else {
            return finish(piece, endsLine: false, cutAtWhitespace: false)
        }
        let rest = piece[(space + 1)...]
        if !rest.isEmpty { pushBack(rest) }
        return finish(Array(piece[...space]), endsLine: false, cutAtWhitespace: true)
    }

    /// Puts `bytes` back in front of the unread input.
    private func pushBack(_ bytes: ArraySlice<UInt8>) {
        let unread = Array(buffer[start..<end])
        let combined = Array(bytes) + unread
        if combined.count > buffer.count { buffer = [UInt8](repeating: 0, count: combined.count) }
        buffer.replaceSubrange(0..<combined.count, with: combined)
        start = 0
        end = combined.count
    }

    private func finish(_ piece: [UInt8], endsLine: Bool, cutAtWhitespace: Bool) -> Piece {
        if atLineStart { lineNumber += 1 }
        atLineStart = endsLine
        var piece = piece
        if endsLine && piece.last == 0x0D { piece.removeLast() }
        return Piece(bytes: piece, endsLine: endsLine, cutAtWhitespace: cutAtWhitespace)
    }
}

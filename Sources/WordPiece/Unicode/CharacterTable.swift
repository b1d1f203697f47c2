/// Per-scalar properties used by the BERT normaliser and pre-tokeniser, exactly as Hugging Face `tokenizers`
/// sees them (parsed once from the generated `UnicodeTables`).
///
/// Lookups are two array loads (a 256-scalar block index, then the block), so the hot loops never touch
/// Swift's `Unicode.Scalar.Properties`, whose Unicode version differs from the reference's.
struct CharacterTable: Sendable {
    /// Flag bits of `flags(_:)`.
    static let removed: UInt8 = 1          // dropped by clean_text (control, format, private use)
    static let cleanSpace: UInt8 = 2       // mapped to U+0020 by clean_text
    static let splitSpace: UInt8 = 4       // whitespace for the pre-tokeniser
    static let punctuation: UInt8 = 8      // isolated by the pre-tokeniser
    static let nonspacingMark: UInt8 = 16  // dropped by strip_accents (after NFD)
    static let decomposes: UInt8 = 32      // has a canonical decomposition (Hangul syllables included)
    static let lowercases: UInt8 = 64      // lowercase differs
    static let combining: UInt8 = 128      // canonical combining class is not zero

    static let shared = CharacterTable()

    private let blockIndex: [UInt16]
    private let blocks: [UInt8]
    private let decompositionMap: [UInt32: [UInt32]]
    private let lowercaseMap: [UInt32: [UInt32]]
    private let combiningMap: [UInt32: UInt8]
    /// Lowercase of the first 0x800 scalars (one scalar each), or 0 when the mapping has several scalars.
    private let smallLowercase: [UInt32]

    private init() {
        var flags = [UInt8](repeating: 0, count: 0x110000)
        let runs = Self.parsePairs(UnicodeTables.flagRuns)
        for (index, run) in runs.enumerated() {
            let end = index + 1 < runs.count ? Int(runs[index + 1].key) : 0x110000
            let value = UInt8(run.values[0])
            if value != 0 { for scalar in Int(run.key)..<end { flags[scalar] = value } }
        }
        var decompositions: [UInt32: [UInt32]] = [:]
        for entry in Self.parsePairs(UnicodeTables.decompositions) {
            decompositions[entry.key] = entry.values
            flags[Int(entry.key)] |= Self.decomposes
        }
        for scalar in 0xAC00...0xD7A3 { flags[scalar] |= Self.decomposes }
        var lowercase: [UInt32: [UInt32]] = [:]
        for entry in Self.parsePairs(UnicodeTables.lowercase) {
            lowercase[entry.key] = entry.values
            flags[Int(entry.key)] |= Self.lowercases
        }
        var combining: [UInt32: UInt8] = [:]
        for entry in Self.parsePairs(UnicodeTables.combiningClasses) {
            combining[entry.key] = UInt8(entry.values[0])
            flags[Int(entry.key)] |= Self.combining
        }
        var small = [UInt32](repeating: 0, count: 0x800)
        for scalar in 0..<0x800 {
            if let mapped = lowercase[UInt32(scalar)] {
                small[scalar] = mapped.count == 1 ? mapped[0] : 0
            } else {
                small[scalar] = UInt32(scalar)
            }
        }
        // Blocks of 256 scalars that hold a single value (most of the code space) share one stored block.
        var index = [UInt16](repeating: 0, count: 0x1100)
        var stored: [UInt8] = []
        var uniform: [UInt8: UInt16] = [:]
        flags.withUnsafeBufferPointer { flags in
            for block in 0..<0x1100 {
                let slice = flags[(block << 8)..<((block + 1) << 8)]
                let first = slice[slice.startIndex]
                let isUniform = !slice.contains { $0 != first }
                if isUniform, let existing = uniform[first] {
                    index[block] = existing
                    continue
                }
                let number = UInt16(stored.count >> 8)
                stored.append(contentsOf: slice)
                index[block] = number
                if isUniform { uniform[first] = number }
            }
        }
        blockIndex = index
        blocks = stored
        decompositionMap = decompositions
        lowercaseMap = lowercase
        combiningMap = combining
        smallLowercase = small
    }

    @inline(__always)
    func flags(_ scalar: UInt32) -> UInt8 {
        guard scalar < 0x110000 else { return 0 }
        return blocks.withUnsafeBufferPointer { blocks in
            blockIndex.withUnsafeBufferPointer { index in
                blocks[Int(index[Int(scalar >> 8)]) << 8 | Int(scalar & 0xFF)]
            }
        }
    }

    /// The canonical decomposition of `scalar` (only call when `decomposes` is set).
    func decompose(_ scalar: UInt32, into output: inout [UInt32]) {
        if scalar >= 0xAC00 && scalar <= 0xD7A3 {
            let index = scalar - 0xAC00
            output.append(0x1100 + index / 588)
            output.append(0x1161 + (index % 588) / 28)
            if index % 28 != 0 { output.append(0x11A7 + index % 28) }
        } else if let parts = decompositionMap[scalar] {
            output.append(contentsOf: parts)
        } else {
            output.append(scalar)
        }
    }

    /// Single-scalar lowercase for scalars below U+0800, or nil when the full map must be used.
    @inline(__always)
    func smallLowercase(_ scalar: UInt32) -> UInt32? {
        guard scalar < 0x800 else { return nil }
        let mapped = smallLowercase.withUnsafeBufferPointer { $0[Int(scalar)] }
        return mapped == 0 && scalar != 0 ? nil : mapped
    }

    /// The per-character lowercase of `scalar` (only call when `lowercases` is set).
    func lowercase(_ scalar: UInt32) -> [UInt32] { lowercaseMap[scalar] ?? [scalar] }

    func combiningClass(_ scalar: UInt32) -> UInt8 { combiningMap[scalar] ?? 0 }

    /// True for the CJK ideograph ranges of `tokenizers`' BertNormalizer (note 0x2B820...0x2B91F is excluded).
    @inline(__always)
    static func isChineseCharacter(_ c: UInt32) -> Bool {
        if c < 0x3400 { return false }
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
            || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF)
            || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F)
    }

    private struct Entry {
        var key: UInt32
        var values: [UInt32]
    }

    /// Parses `key:v v v,key:v,...` (hex) without Foundation.
    private static func parsePairs(_ text: String) -> [Entry] {
        var entries: [Entry] = []
        var key: UInt32 = 0, value: UInt32 = 0
        var values: [UInt32] = []
        var inKey = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: ":"):
                inKey = false
                value = 0
            case UInt8(ascii: " "):
                values.append(value)
                value = 0
            case UInt8(ascii: ","):
                values.append(value)
                entries.append(Entry(key: key, values: values))
                values = []
                key = 0
                inKey = true
            default:
                let digit = UInt32(byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : byte - UInt8(ascii: "A") + 10)
                if inKey { key = key << 4 | digit } else { value = value << 4 | digit }
            }
        }
        if !inKey {
            values.append(value)
            entries.append(Entry(key: key, values: values))
        }
        return entries
    }
}

/// UTF-8 offsets of a text's Unicode scalars, to cut token spans (scalar offsets) out of it.
struct ScalarOffsets {
    let bytes: [UInt8]
    let offsets: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var offsets: [Int] = []
        offsets.reserveCapacity(bytes.count + 1)
        for (index, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 { offsets.append(index) }
        offsets.append(bytes.count)
        self.offsets = offsets
    }

    func substring(_ start: Int, _ end: Int) -> String? {
        guard start >= 0, start <= end, end < offsets.count else { return nil }
        return String(decoding: bytes[offsets[start]..<offsets[end]], as: UTF8.self)
    }
}

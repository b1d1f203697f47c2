/// Unicode scalars of a `String`, read straight from its UTF-8 (a `String` is always valid UTF-8).
enum ScalarDecoding {
    static func scalars(of text: String) -> [UInt32] {
        var text = text
        return text.withUTF8 { bytes in
            var output = [UInt32]()
            output.reserveCapacity(bytes.count)
            var i = 0
            let n = bytes.count
            while i < n {
                let b0 = UInt32(bytes[i])
                if b0 < 0x80 {
                    output.append(b0)
                    i += 1
                } else if b0 < 0xE0 {
                    output.append((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F))
                    i += 2
                } else if b0 < 0xF0 {
                    output.append((b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F))
                    i += 3
                } else {
                    output.append((b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12
                                  | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F))
                    i += 4
                }
            }
            return output
        }
    }
}

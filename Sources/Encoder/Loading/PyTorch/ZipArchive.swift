/// The central directory of a zip archive held in memory (a mapped file), as `torch.save` writes it: stored
/// members, zip64 when large. Every offset and size is checked against the archive's length; compressed members
/// are refused (torch never compresses, and inflating would give up reading weights in place).
struct ZipArchive {
    let entries: [String: ZipEntry]

    init(_ bytes: UnsafeRawBufferPointer) throws {
        let count = bytes.count
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func u64(_ at: Int) throws -> Int {
            let value = UInt64(u32(at)) | UInt64(u32(at + 4)) << 32
            guard value <= UInt64(Int.max / 2) else { throw PyTorchError("zip: offset \(value) is too large") }
            return Int(value)
        }
        guard count >= 22 else { throw PyTorchError("not a zip archive (\(count) bytes)") }
        // The end-of-central-directory record sits in the last 22 + 65535 bytes.
        var end = -1
        var at = count - 22
        while at >= max(0, count - 22 - 65535) {
            if u32(at) == 0x0605_4B50 { end = at; break }
            at -= 1
        }
        guard end >= 0 else {
            throw PyTorchError("not a zip archive (a PyTorch checkpoint older than 1.6 or another format; re-save it with torch >= 1.6 or as safetensors)")
        }
        var entryCount = u16(end + 10)
        var directorySize = u32(end + 12)
        var directoryOffset = u32(end + 16)
        if end >= 20, u32(end - 20) == 0x0706_4B50 {
            let record = try u64(end - 20 + 8)
            guard record >= 0, record + 56 <= count, u32(record) == 0x0606_4B50 else {
                throw PyTorchError("zip: zip64 end record at \(record) is invalid")
            }
            entryCount = try u64(record + 32)
            directorySize = try u64(record + 40)
            directoryOffset = try u64(record + 48)
        }
        guard directoryOffset + directorySize <= count, entryCount <= directorySize / 46 + 1 else {
            throw PyTorchError("zip: central directory (\(entryCount) entries at \(directoryOffset)) runs past the end of the file")
        }
        var entries: [String: ZipEntry] = [:]
        var cursor = directoryOffset
        for _ in 0..<entryCount {
            guard cursor + 46 <= directoryOffset + directorySize, u32(cursor) == 0x0201_4B50 else {
                throw PyTorchError("zip: bad central directory entry at \(cursor)")
            }
            let method = u16(cursor + 10)
            var compressed = u32(cursor + 20), size = u32(cursor + 24)
            let nameLength = u16(cursor + 28), extraLength = u16(cursor + 30), commentLength = u16(cursor + 32)
            var localOffset = u32(cursor + 42)
            let next = cursor + 46 + nameLength + extraLength + commentLength
            guard next <= directoryOffset + directorySize else { throw PyTorchError("zip: central directory entry at \(cursor) is truncated") }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(cursor + 46)..<(cursor + 46 + nameLength)]), as: UTF8.self)
            // Zip64 extra field: the 64-bit values of the fields that hold 0xFFFFFFFF, in order.
            var extra = cursor + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = u16(extra), length = u16(extra + 2)
                guard extra + 4 + length <= extraEnd else { break }
                if id == 1 {
                    var field = extra + 4
                    for index in 0..<3 where field + 8 <= extra + 4 + length {
                        let wide = [size, compressed, localOffset][index]
                        guard wide == 0xFFFF_FFFF else { continue }
                        let value = try u64(field)
                        if index == 0 { size = value } else if index == 1 { compressed = value } else { localOffset = value }
                        field += 8
                    }
                }
                extra += 4 + length
            }
            guard method == 0 else {
                throw PyTorchError("zip member \(EncoderText.escaped(name)) is compressed (method \(method)); torch.save stores members uncompressed, so re-save the checkpoint")
            }
            guard compressed == size else { throw PyTorchError("zip member \(EncoderText.escaped(name)): stored sizes differ (\(compressed) vs \(size))") }
            guard localOffset + 30 <= count, u32(localOffset) == 0x0403_4B50 else {
                throw PyTorchError("zip member \(EncoderText.escaped(name)): bad local header at \(localOffset)")
            }
            let dataOffset = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28)
            guard dataOffset <= count, size <= count - dataOffset else {
                throw PyTorchError("zip member \(EncoderText.escaped(name)): \(size) bytes at \(dataOffset) run past the end of the file (\(count) bytes)")
            }
            entries[name] = ZipEntry(name: name, offset: dataOffset, size: size)
            cursor = next
        }
        self.entries = entries
    }
}

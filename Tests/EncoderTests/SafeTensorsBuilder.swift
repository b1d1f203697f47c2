import Foundation

/// Writes safetensors bytes for tests, with full control over the header (to build malformed files too).
struct SafeTensorsBuilder {
    struct Entry {
        var name: String
        var dtype: String
        var shape: [Int]
        var offsets: (Int, Int)
    }

    var entries: [Entry] = []
    var data = Data()

    /// Appends a float32 tensor holding `values`.
    mutating func addFloat32(_ name: String, shape: [Int], values: [Float]) {
        let start = data.count
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        entries.append(Entry(name: name, dtype: "F32", shape: shape, offsets: (start, data.count)))
    }

    var headerJSON: String {
        let items = entries.map { entry in
            "\"\(entry.name)\":{\"dtype\":\"\(entry.dtype)\",\"shape\":[\(entry.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(entry.offsets.0),\(entry.offsets.1)]}"
        }
        return "{\"__metadata__\":{\"format\":\"pt\"}," + items.joined(separator: ",") + "}"
    }

    /// The file: header length, `header` (default: the entries' JSON, padded with spaces so the data starts on
    /// an 8-byte boundary as the `safetensors` writer does), data.
    func bytes(header: String? = nil) -> Data {
        var text = header ?? headerJSON
        if header == nil { text += String(repeating: " ", count: (8 - (8 + text.utf8.count) % 8) % 8) }
        let json = Data(text.utf8)
        var file = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(json)
        file.append(data)
        return file
    }
}

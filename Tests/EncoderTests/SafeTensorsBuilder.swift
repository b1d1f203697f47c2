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

    /// The file: header length, `header` (default: the entries' JSON), data.
    func bytes(header: String? = nil) -> Data {
        let json = Data((header ?? headerJSON).utf8)
        var file = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(json)
        file.append(data)
        return file
    }
}

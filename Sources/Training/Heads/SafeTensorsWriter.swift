import Foundation

/// Writes float32 tensors as a safetensors file (header padded to 8 bytes, tensors in name order).
public enum SafeTensorsWriter {
    public static func encode(_ tensors: [(name: String, shape: [Int], values: [Float])]) -> Data {
        let sorted = tensors.sorted { $0.name < $1.name }
        var offset = 0
        var entries: [String] = []
        for tensor in sorted {
            precondition(tensor.shape.reduce(1, *) == tensor.values.count)
            let end = offset + tensor.values.count * 4
            entries.append("\"\(tensor.name)\":{\"dtype\":\"F32\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var data = Data()
        var length = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        for tensor in sorted {
            tensor.values.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        return data
    }
}

import Foundation

/// Overwrites one element of a float32 tensor in a `.safetensors` file (a model made non-finite for a test), reading
/// the header itself so test targets without the Encoder module can use it.
public enum SafeTensorsPatch {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes `value` over element `element` of float32 tensor `tensor` in the file at `url`.
    public static func write(_ value: Float, tensor: String, element: Int, in url: URL) throws {
        var data = try Data(contentsOf: url)
        guard data.count >= 8 else { throw Failure(description: "\(url.path): shorter than a safetensors header") }
        let headerLength = data.withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        guard headerLength <= data.count - 8,
              let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<8 + headerLength)) as? [String: Any],
              let entry = header[tensor] as? [String: Any], entry["dtype"] as? String == "F32",
              let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
        else { throw Failure(description: "\(url.path): no float32 tensor \(tensor)") }
        let offset = 8 + headerLength + offsets[0] + 4 * element
        guard element >= 0, offset + 4 <= 8 + headerLength + offsets[1] else {
            throw Failure(description: "\(tensor) has no element \(element)")
        }
        withUnsafeBytes(of: value.bitPattern.littleEndian) { data.replaceSubrange(offset..<offset + 4, with: $0) }
        try data.write(to: url)
    }
}

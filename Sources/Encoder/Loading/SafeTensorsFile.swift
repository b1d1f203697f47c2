import Foundation

/// A memory-mapped safetensors file: an 8-byte little-endian header length, a JSON header, then raw data.
///
/// Every entry is validated when the file is opened: known dtype, non-negative shape, `shape × dtype size`
/// equal to the byte span, spans inside the file and not overlapping. Tensor data is read in place.
public struct SafeTensorsFile: Sendable {
    /// Largest header accepted (the reference implementation's limit).
    public static let maxHeaderLength = 100_000_000

    public let tensors: [String: TensorInfo]
    /// `__metadata__`, if present (string values only).
    public let metadata: [String: String]
    private let file: MappedFile
    private let dataStart: Int

    public init(url: URL) throws {
        let file = try MappedFile(url: url)
        let header = try Self.parseHeader(file.bytes)
        self.file = file
        self.tensors = header.tensors
        self.metadata = header.metadata
        self.dataStart = header.dataStart
    }

    /// Bytes after the header: the most that all tensors together can hold.
    public var dataByteCount: Int { file.bytes.count - dataStart }

    /// The raw bytes of `info` (which must come from this file).
    public func bytes(of info: TensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[(dataStart + info.span.lowerBound)..<(dataStart + info.span.upperBound)])
    }

    /// Tells the kernel the mapped pages of `info` are no longer needed, so converted weights do not stay
    /// resident twice (once as file pages, once as float32).
    public func release(_ info: TensorInfo) {
        file.release(dataStart + info.span.lowerBound..<dataStart + info.span.upperBound)
    }

    /// Parses and validates the header of a whole safetensors file held in `bytes`.
    public static func parseHeader(_ bytes: UnsafeRawBufferPointer) throws
        -> (tensors: [String: TensorInfo], metadata: [String: String], dataStart: Int)
    {
        guard bytes.count >= 8 else {
            throw SafeTensorsError("file too short for a safetensors header (\(bytes.count) bytes)")
        }
        var length64: UInt64 = 0
        for i in 0..<8 { length64 |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard length64 <= UInt64(maxHeaderLength) else {
            throw SafeTensorsError("header length \(length64) is larger than the \(maxHeaderLength)-byte limit")
        }
        let headerLength = Int(length64)
        guard 8 + headerLength <= bytes.count else {
            throw SafeTensorsError("header length \(headerLength) runs past the end of the file (\(bytes.count) bytes)")
        }
        let dataStart = 8 + headerLength
        let dataLength = bytes.count - dataStart
        let headerBytes = Data(bytes[8..<dataStart])
        guard headerBytes.first == UInt8(ascii: "{") else {
            throw SafeTensorsError("header is not a JSON object")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: headerBytes)
        } catch {
            throw SafeTensorsError("header is not valid JSON")
        }
        guard let entries = object as? [String: Any] else {
            throw SafeTensorsError("header is not a JSON object")
        }
        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in entries {
            if name == "__metadata__" {
                guard let fields = value as? [String: Any] else {
                    throw SafeTensorsError("__metadata__ is not an object")
                }
                for (key, field) in fields {
                    guard let text = field as? String else {
                        throw SafeTensorsError("__metadata__ value for \(key) is not a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            tensors[name] = try parseEntry(name: name, value: value, dataStart: dataStart, dataLength: dataLength)
        }
        let sorted = tensors.values.filter { !$0.span.isEmpty }.sorted { $0.span.lowerBound < $1.span.lowerBound }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.span.upperBound > b.span.lowerBound {
            throw SafeTensorsError("tensors \(a.name) and \(b.name) overlap (bytes \(a.span) and \(b.span))")
        }
        // As the reference reader: the tensors must cover the data to its end ("file not fully covered").
        let covered = sorted.last?.span.upperBound ?? 0
        guard covered == dataLength else {
            throw SafeTensorsError("\(dataLength - covered) bytes after the last tensor (the data is \(dataLength) bytes, "
                                   + "tensors end at \(covered)); Hugging Face refuses such files")
        }
        return (tensors, metadata, dataStart)
    }

    private static func parseEntry(name: String, value: Any, dataStart: Int, dataLength: Int) throws -> TensorInfo {
        guard let fields = value as? [String: Any] else {
            throw SafeTensorsError("tensor \(name): entry is not an object")
        }
        guard let dtypeName = fields["dtype"] as? String else {
            throw SafeTensorsError("tensor \(name): missing dtype")
        }
        guard let dtype = TensorDType(rawValue: dtypeName) else {
            throw SafeTensorsError("tensor \(name): unknown dtype \(dtypeName)")
        }
        guard let shapeValues = fields["shape"] as? [Any] else {
            throw SafeTensorsError("tensor \(name): missing shape")
        }
        var shape: [Int] = []
        var elements = 1
        for dimension in shapeValues {
            guard let size = integer(dimension), size >= 0 else {
                throw SafeTensorsError("tensor \(name): shape \(shapeValues) is not a list of non-negative integers")
            }
            let (product, overflow) = elements.multipliedReportingOverflow(by: size)
            guard !overflow else { throw SafeTensorsError("tensor \(name): shape \(shapeValues) is too large") }
            elements = product
            shape.append(size)
        }
        guard let offsets = fields["data_offsets"] as? [Any], offsets.count == 2,
              let begin = integer(offsets[0]), let end = integer(offsets[1]), begin >= 0, end >= begin
        else {
            throw SafeTensorsError("tensor \(name): data_offsets must be two increasing non-negative integers")
        }
        guard end <= dataLength else {
            throw SafeTensorsError("tensor \(name): data_offsets [\(begin), \(end)] run past the end of the data (\(dataLength) bytes)")
        }
        let (expected, overflow) = elements.multipliedReportingOverflow(by: dtype.size)
        guard !overflow, expected == end - begin else {
            throw SafeTensorsError("tensor \(name): shape \(shape) of \(dtypeName) needs \(overflow ? "too many" : String(expected)) bytes but data_offsets span \(end - begin)")
        }
        // Weights are read in place from the page-aligned mapping, so each must start on its element size
        // (writers such as `safetensors` pad the header to keep every tensor aligned).
        guard !dtype.isFloatWeight || (dataStart + begin) % dtype.size == 0 else {
            throw SafeTensorsError("tensor \(name): data starts at byte \(dataStart + begin), not aligned to its \(dtype.size)-byte \(dtypeName) elements")
        }
        return TensorInfo(name: name, dtype: dtype, shape: shape, span: begin..<end)
    }

    /// A JSON number that is exactly a non-fractional Int (NSNumber bridging differs by platform).
    private static func integer(_ value: Any) -> Int? {
        if let int = value as? Int { return int }
        if let double = value as? Double, double.rounded() == double, abs(double) < 9.0e15 { return Int(double) }
        return nil
    }
}

import Foundation

/// A PyTorch state dict saved by `torch.save` (`pytorch_model.bin`): a zip holding `<root>/data.pkl` and one
/// member per storage, `<root>/data/<key>`. Read without executing anything (see `PickleMachine`); tensors are
/// served in place from the memory map when their bytes are aligned to the element size (torch aligns members
/// to 64 bytes), else from an aligned copy.
///
/// The same shape of API as `SafeTensorsFile`: `tensors` by name and `bytes(of:)`.
public final class PyTorchCheckpoint: @unchecked Sendable {
    public let tensors: [String: TensorInfo]
    fileprivate let file: MappedFile
    /// Aligned copies of tensors whose bytes in the file are not aligned, by name. Immutable after init.
    private let copies: [String: UnsafeMutableRawBufferPointer]

    public convenience init(url: URL) throws {
        let file: MappedFile
        do { file = try MappedFile(url: url) } catch let error as SafeTensorsError { throw PyTorchError(error.description) }
        try self.init(file: file)
    }

    init(file: MappedFile) throws {
        self.file = file
        let bytes = file.bytes
        let archive = try ZipArchive(bytes)
        guard let pickle = archive.entries.values.filter({ $0.name.hasSuffix("data.pkl") })
            .min(by: { $0.name.count < $1.name.count }) else {
            throw PyTorchError("no data.pkl in the archive: not a torch.save checkpoint")
        }
        let root = String(pickle.name.dropLast("data.pkl".count))
        if let order = archive.entries[root + "byteorder"] {
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[order.offset..<(order.offset + order.size)]), as: UTF8.self)
            guard text.hasPrefix("little") else { throw PyTorchError("big-endian checkpoints are not supported (byteorder \(EncoderText.escaped(text, limit: 20)))") }
        }
        var machine = PickleMachine(UnsafeRawBufferPointer(rebasing: bytes[pickle.offset..<(pickle.offset + pickle.size)]))
        let value = try machine.run()
        guard case .dict(let dict) = value else { throw PyTorchError("data.pkl holds a \(value.typeName), not a state dict") }
        var tensors: [String: TensorInfo] = [:]
        var copies: [String: UnsafeMutableRawBufferPointer] = [:]
        do {
            for (key, entry) in dict.pairs {
                guard case .string(let name) = key else { continue }
                // Non-tensor entries (a version number, nested metadata) carry no weights.
                guard case .tensor(let storageKey, let dtype, let offset, let shape, let strides) = entry else { continue }
                let shown = EncoderText.escaped(name)
                guard let member = archive.entries[root + "data/" + storageKey] else {
                    throw PyTorchError("tensor \(shown): storage \(EncoderText.escaped(storageKey)) is missing from the archive")
                }
                var elements = 1, expected = 1
                for (dimension, stride) in zip(shape, strides).reversed() {
                    guard dimension == 1 || stride == expected else {
                        throw PyTorchError("tensor \(shown): strides \(strides) for shape \(shape) are not contiguous; save tensors with .contiguous()")
                    }
                    let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
                    guard !overflow else { throw PyTorchError("tensor \(shown): shape \(shape) is too large") }
                    elements = product
                    expected = product
                }
                let (start, startOverflow) = offset.multipliedReportingOverflow(by: dtype.size)
                let (length, lengthOverflow) = elements.multipliedReportingOverflow(by: dtype.size)
                guard !startOverflow, !lengthOverflow, start <= member.size, length <= member.size - start else {
                    throw PyTorchError("tensor \(shown): \(elements) \(dtype.rawValue) elements at element \(offset) run past its storage (\(member.size) bytes)")
                }
                let absolute = member.offset + start
                let info = TensorInfo(name: name, dtype: dtype, shape: shape, span: absolute..<(absolute + length))
                if absolute % dtype.size != 0 && length > 0 {
                    let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: length, alignment: 16)
                    copy.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[info.span]))
                    copies[name] = copy
                }
                tensors[name] = info
            }
        } catch {
            for copy in copies.values { copy.deallocate() }
            throw error
        }
        self.tensors = tensors
        self.copies = copies
    }

    deinit { for copy in copies.values { copy.deallocate() } }

    /// The raw little-endian bytes of `info` (which must come from this checkpoint).
    public func bytes(of info: TensorInfo) -> UnsafeRawBufferPointer {
        if let copy = copies[info.name] { return UnsafeRawBufferPointer(copy) }
        return UnsafeRawBufferPointer(rebasing: file.bytes[info.span])
    }

    /// Tells the kernel the mapped pages of `info` are no longer needed (see `SafeTensorsFile.release`).
    public func release(_ info: TensorInfo) {
        if copies[info.name] == nil { file.release(info.span) }
    }
}

extension PyTorchCheckpoint: TensorSource {
    /// The archive's size: an upper bound of the tensor bytes it holds.
    public var dataByteCount: Int { file.bytes.count }
}

/// One tensor found in a `TensorStore`: where it lives and how to read it as float32.
public struct StoredTensor: Sendable {
    /// Its entry (full name in the checkpoint, dtype, shape, span inside its source).
    public let info: TensorInfo
    /// The label of the file it came from (for error messages), e.g. `model.safetensors`.
    public let sourceLabel: String
    let source: any TensorSource

    public var name: String { info.name }
    public var dtype: TensorDType { info.dtype }
    public var shape: [Int] { info.shape }
    public var elementCount: Int { info.elementCount }

    /// The raw little-endian bytes, read in place (valid while the store is alive).
    public var bytes: UnsafeRawBufferPointer { source.bytes(of: info) }

    /// Every element widened to float32, in storage (row-major) order.
    public func floats() -> [Float] {
        [Float](unsafeUninitializedCapacity: elementCount) { buffer, count in
            FloatConversion.convert(bytes, dtype: dtype, count: elementCount, into: buffer.baseAddress!)
            count = elementCount
        }
    }

    /// Row `row` of a 2-D tensor (e.g. one word's embedding) widened into `out`, touching only that row's bytes.
    public func convertRow(_ row: Int, into out: UnsafeMutablePointer<Float>) {
        precondition(shape.count == 2 && row >= 0 && row < shape[0], "row \(row) outside \(name) \(shape)")
        let width = shape[1], size = dtype.size
        FloatConversion.convert(UnsafeRawBufferPointer(rebasing: bytes[(row * width * size)..<((row + 1) * width * size)]),
                                dtype: dtype, count: width, into: out)
    }

    /// Lets the source drop this tensor's pages once it has been converted.
    public func release() { source.release(info) }
}

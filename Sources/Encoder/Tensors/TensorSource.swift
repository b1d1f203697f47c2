/// Anything that holds named tensors: name → (dtype, shape, little-endian bytes).
///
/// `SafeTensorsFile` is one; a PyTorch `.bin` reader or one shard of a sharded checkpoint can be others.
/// `TensorStore` combines several.
public protocol TensorSource: Sendable {
    /// Every tensor the source holds, by its full name in the checkpoint.
    var tensors: [String: TensorInfo] { get }
    /// Bytes of tensor data the source holds in total (bounds the sizes a config may declare).
    var dataByteCount: Int { get }
    /// The raw little-endian bytes of `info`, which came from this source's `tensors`; they stay valid as long
    /// as the source does.
    func bytes(of info: TensorInfo) -> UnsafeRawBufferPointer
    /// A hint that `info`'s bytes will not be read again soon (a mapped file drops their pages).
    func release(_ info: TensorInfo)
}

extension TensorSource {
    /// Sources that hold their bytes in memory have nothing to drop.
    public func release(_ info: TensorInfo) {}
}

extension SafeTensorsFile: TensorSource {}

/// One tensor's entry in a safetensors header: type, shape and byte span inside the data section.
public struct TensorInfo: Sendable, Equatable {
    public let name: String
    public let dtype: TensorDType
    public let shape: [Int]
    /// Byte range relative to the start of the data section (just after the header).
    public let span: Range<Int>

    public init(name: String, dtype: TensorDType, shape: [Int], span: Range<Int>) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.span = span
    }

    public var elementCount: Int { shape.reduce(1, *) }
}

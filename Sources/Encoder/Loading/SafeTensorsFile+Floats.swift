extension SafeTensorsFile {
    /// The elements of a float tensor (`F32`, `F16` or `BF16`) of this file, converted to float32; nil for other
    /// dtypes. Task heads (module `Heads`) read their few tensors through this.
    public func floats(of info: TensorInfo) -> [Float]? {
        guard info.dtype.isFloatWeight else { return nil }
        let count = info.elementCount
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            FloatConversion.convert(bytes(of: info), dtype: info.dtype, count: count, into: buffer.baseAddress!)
            initialized = count
        }
    }
}

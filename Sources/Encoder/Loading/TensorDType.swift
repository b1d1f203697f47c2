/// A safetensors element type. Only `f32`, `f16` and `bf16` can be read as weights; the others are
/// recognised (real checkpoints carry e.g. an `I64` `position_ids` buffer) so the file can be validated.
public enum TensorDType: String, Sendable, CaseIterable {
    case bool = "BOOL"
    case u8 = "U8", i8 = "I8", f8e4m3 = "F8_E4M3", f8e5m2 = "F8_E5M2"
    case u16 = "U16", i16 = "I16", f16 = "F16", bf16 = "BF16"
    case u32 = "U32", i32 = "I32", f32 = "F32"
    case u64 = "U64", i64 = "I64", f64 = "F64"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .bool, .u8, .i8, .f8e4m3, .f8e5m2: return 1
        case .u16, .i16, .f16, .bf16: return 2
        case .u32, .i32, .f32: return 4
        case .u64, .i64, .f64: return 8
        }
    }

    /// True for the types the encoder converts to float32.
    public var isFloatWeight: Bool { self == .f32 || self == .f16 || self == .bf16 }
}

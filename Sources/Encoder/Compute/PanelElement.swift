import CEncoderKernels

/// The element type a packed weight panel stores: float32, or a checkpoint's 16-bit values kept as they are and
/// widened to float32 exactly inside the kernel.
enum PanelElement: Sendable, Equatable {
    case float32, float16, bfloat16

    /// Bytes per element.
    var size: Int { self == .float32 ? 4 : 2 }

    /// The same element type for the C kernels.
    var c: bx_element {
        switch self {
        case .float32: return BX_ELEMENT_F32
        case .float16: return BX_ELEMENT_F16
        case .bfloat16: return BX_ELEMENT_BF16
        }
    }
}

import CEncoderKernels

/// The element type a packed weight panel stores: float32, or a checkpoint's 16-bit values kept as they are and
/// widened to float32 exactly inside the kernel.
enum PanelElement: Sendable, Equatable {
    case float32, float16, bfloat16

    /// Bytes per element.
    var size: Int { self == .float32 ? 4 : 2 }

    /// Input rows from which a product on panels with `tileProducts` runs on AMX: below, splitting each panel into
    /// bfloat16 parts costs more than the tile products save over `bx_gemm_packed` (measured on a Xeon 8592+-class
    /// core: float16 panels break even at 24-32 rows, float32 ones, split into three parts, at 64).
    var tileMinimumRows: Int { self == .float32 ? 64 : 32 }

    /// The same element type for the C kernels.
    var c: bx_element {
        switch self {
        case .float32: return BX_ELEMENT_F32
        case .float16: return BX_ELEMENT_F16
        case .bfloat16: return BX_ELEMENT_BF16
        }
    }
}

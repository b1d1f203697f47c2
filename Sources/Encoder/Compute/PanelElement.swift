import CEncoderKernels

/// The element type a packed weight panel stores: float32, or a checkpoint's 16-bit values kept as they are and
/// widened to float32 exactly inside the kernel.
enum PanelElement: Sendable, Equatable {
    case float32, float16, bfloat16

    /// Bytes per element.
    var size: Int { self == .float32 ? 4 : 2 }

    /// Input rows from which a product on panels with `tileProducts` runs on AMX: below, splitting each panel into
    /// bfloat16 parts costs more than the tile products save over `bx_gemm_packed` (measured on this Xeon, whole
    /// passes, tiles against avx512: float16 0.92× at 32 tokens, 1.23× at 24, 1.11× at 16; float32 (bert-base
    /// shape), split into three parts for six tile products, with depths in chunks: 1.20× at 64 tokens, 0.96× at
    /// 96, 0.87× at 128, 0.79× at 192).
    var tileMinimumRows: Int { self == .float32 ? 96 : 32 }

    /// The same element type for the C kernels.
    var c: bx_element {
        switch self {
        case .float32: return BX_ELEMENT_F32
        case .float16: return BX_ELEMENT_F16
        case .bfloat16: return BX_ELEMENT_BF16
        }
    }
}

/// The only globals a state-dict pickle may name. `GLOBAL`/`STACK_GLOBAL` of anything else (`os.system`,
/// `builtins.eval`, `subprocess.Popen`, ...) stops the parse before anything is built.
enum PickleGlobal: String, Sendable {
    case orderedDict = "collections.OrderedDict"
    case rebuildTensor = "torch._utils._rebuild_tensor_v2"
    case rebuildParameter = "torch._utils._rebuild_parameter"
    case floatStorage = "torch.FloatStorage"
    case halfStorage = "torch.HalfStorage"
    case bfloat16Storage = "torch.BFloat16Storage"
    case doubleStorage = "torch.DoubleStorage"
    case longStorage = "torch.LongStorage"
    case intStorage = "torch.IntStorage"
    case shortStorage = "torch.ShortStorage"
    case charStorage = "torch.CharStorage"
    case byteStorage = "torch.ByteStorage"
    case boolStorage = "torch.BoolStorage"

    /// The element type of a storage global.
    var storageType: TensorDType? {
        switch self {
        case .floatStorage: return .f32
        case .halfStorage: return .f16
        case .bfloat16Storage: return .bf16
        case .doubleStorage: return .f64
        case .longStorage: return .i64
        case .intStorage: return .i32
        case .shortStorage: return .i16
        case .charStorage: return .i8
        case .byteStorage: return .u8
        case .boolStorage: return .bool
        case .orderedDict, .rebuildTensor, .rebuildParameter: return nil
        }
    }
}

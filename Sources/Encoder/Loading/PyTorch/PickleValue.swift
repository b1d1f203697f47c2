/// The values a state-dict pickle may build. Anything else (arbitrary classes, calls) has no representation,
/// so it cannot be constructed at all.
indirect enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    /// Items and nesting depth (stored, so checking a new container's depth never walks the tree).
    case tuple([PickleValue], depth: Int)
    /// Lists and dicts are shared, as in Python: a memo entry and the stack see the same object, so filling a
    /// large dict stays linear.
    case list(PickleList)
    /// A dict or `collections.OrderedDict`, in insertion order.
    case dict(PickleDict)
    /// A whitelisted global (a callable or a storage type), not yet called.
    case global(PickleGlobal)
    /// A persistent-id storage reference: `('storage', type, key, location, numel)`.
    case storage(TensorDType, key: String, elements: Int)
    /// The result of `_rebuild_tensor_v2` / `_rebuild_parameter`.
    case tensor(storageKey: String, dtype: TensorDType, offset: Int, shape: [Int], strides: [Int])

    /// How deeply containers nest below this value (1 for a leaf). Bounded by `PickleMachine.maxDepth`,
    /// so releasing a value can never recurse deep enough to overflow the stack.
    var depth: Int {
        switch self {
        case .tuple(_, let depth): return depth
        case .list(let list): return list.depth
        case .dict(let dict): return dict.depth
        default: return 1
        }
    }

    var typeName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bytes: return "bytes"
        case .tuple: return "tuple"
        case .list: return "list"
        case .dict: return "dict"
        case .global(let global): return global.rawValue
        case .storage: return "storage"
        case .tensor: return "tensor"
        }
    }
}

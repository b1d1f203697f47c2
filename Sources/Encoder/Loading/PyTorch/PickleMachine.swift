/// Evaluates a state-dict pickle (`data.pkl` of `torch.save`) without executing anything: only the opcodes a
/// state dict uses are understood, `GLOBAL` accepts only `PickleGlobal`, and `REDUCE` only calls the tensor
/// rebuilders and `OrderedDict()`, each implemented here. Every length is checked against the bytes left, and
/// the stack, memo and container sizes are bounded by the input's length, so hostile input ends in an error.
struct PickleMachine {
    /// Deepest container nesting accepted (a state dict needs 3 or 4).
    static let maxDepth = 32

    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Runs to `STOP` and returns the top of the stack.
    mutating func run() throws -> PickleValue {
        while true {
            let at = position
            let opcode = try byte()
            switch opcode {
            case 0x80: _ = try byte()                                   // PROTO
            case 0x95: _ = try take(8)                                  // FRAME
            case UInt8(ascii: "."):                                     // STOP
                guard let result = stack.last, marks.isEmpty else { throw error(at, "STOP with an empty stack or an open MARK") }
                return result
            case UInt8(ascii: "("): marks.append(stack.count)           // MARK
            case UInt8(ascii: "}"): stack.append(.dict(PickleDict()))    // EMPTY_DICT
            case UInt8(ascii: "]"): stack.append(.list(PickleList()))    // EMPTY_LIST
            case UInt8(ascii: ")"): stack.append(.tuple([], depth: 1))  // EMPTY_TUPLE
            case UInt8(ascii: "N"): stack.append(.none)
            case 0x88: stack.append(.bool(true))
            case 0x89: stack.append(.bool(false))
            case UInt8(ascii: "t"): stack.append(try tuple(try popMark(at), at))
            case UInt8(ascii: "l"):
                let items = try popMark(at)
                stack.append(.list(PickleList(items, depth: try contain(items, at))))
            case UInt8(ascii: "d"):                                     // DICT
                let items = try popMark(at)
                guard items.count % 2 == 0 else { throw error(at, "DICT with an odd number of items") }
                let depth = try contain(items, at)
                stack.append(.dict(PickleDict(stride(from: 0, to: items.count, by: 2).map { (items[$0], items[$0 + 1]) }, depth: depth)))
            case 0x85, 0x86, 0x87:                                      // TUPLE1..3
                let count = Int(opcode - 0x84)
                guard stack.count - (marks.last ?? 0) >= count else { throw error(at, "TUPLE\(count) on a short stack") }
                let items = Array(stack.suffix(count))
                stack.removeLast(count)
                stack.append(try tuple(items, at))
            case UInt8(ascii: "K"): stack.append(.int(Int(try byte())))  // BININT1
            case UInt8(ascii: "M"): stack.append(.int(try unsigned(2)))  // BININT2
            case UInt8(ascii: "J"): stack.append(.int(Int(Int32(truncatingIfNeeded: try unsigned(4)))))  // BININT
            case 0x8A:                                                  // LONG1
                let count = Int(try byte())
                guard count <= 8 else { throw error(at, "LONG1 of \(count) bytes") }
                let raw = try take(count)
                var value: UInt64 = 0
                for (index, part) in raw.enumerated() { value |= UInt64(part) << (8 * UInt64(index)) }
                if count > 0 && count < 8 && raw[count - 1] & 0x80 != 0 { value |= ~0 << (8 * UInt64(count)) }
                stack.append(.int(Int(Int64(bitPattern: value))))
            case UInt8(ascii: "G"):                                     // BINFLOAT, big-endian
                let raw = try take(8)
                stack.append(.float(Double(bitPattern: raw.reduce(0) { $0 << 8 | UInt64($1) })))
            case UInt8(ascii: "X"): stack.append(.string(try text(try unsigned(4))))   // BINUNICODE
            case 0x8C: stack.append(.string(try text(Int(try byte()))))                // SHORT_BINUNICODE
            case 0x8D: stack.append(.string(try text(try unsigned(8))))                // BINUNICODE8
            case UInt8(ascii: "T"): stack.append(.string(try text(try unsigned(4))))   // BINSTRING
            case UInt8(ascii: "U"): stack.append(.string(try text(Int(try byte()))))   // SHORT_BINSTRING
            case UInt8(ascii: "B"): stack.append(.bytes(try take(try unsigned(4))))    // BINBYTES
            case UInt8(ascii: "C"): stack.append(.bytes(try take(Int(try byte()))))   // SHORT_BINBYTES
            case UInt8(ascii: "q"): memo[Int(try byte())] = try top(at)                // BINPUT
            case UInt8(ascii: "r"): memo[try unsigned(4)] = try top(at)                // LONG_BINPUT
            case 0x94: memo[memo.count] = try top(at)                                  // MEMOIZE
            case UInt8(ascii: "p"):                                                    // PUT
                guard let index = Int(try line()) else { throw error(at, "PUT without an index") }
                memo[index] = try top(at)
            case UInt8(ascii: "h"), UInt8(ascii: "j"), UInt8(ascii: "g"):             // BINGET, LONG_BINGET, GET
                let index = opcode == UInt8(ascii: "h") ? Int(try byte()) : opcode == UInt8(ascii: "j") ? try unsigned(4) : Int(try line())
                guard let index, let value = memo[index] else { throw error(at, "GET of an unset memo slot") }
                stack.append(value)
            case UInt8(ascii: "c"):                                     // GLOBAL
                let module = try line(), name = try line()
                stack.append(.global(try global(module, name, at)))
            case 0x93:                                                  // STACK_GLOBAL
                let name = try pop(at), module = try pop(at)
                guard case .string(let m) = module, case .string(let n) = name else { throw error(at, "STACK_GLOBAL of non-strings") }
                stack.append(.global(try global(m, n, at)))
            case UInt8(ascii: "Q"): stack.append(try storage(try pop(at), at))          // BINPERSID
            case UInt8(ascii: "R"):                                     // REDUCE
                let arguments = try pop(at), callable = try pop(at)
                stack.append(try call(callable, arguments, at))
            case UInt8(ascii: "b"):                                     // BUILD: state of a dict or tensor is ignored
                _ = try pop(at)
                switch try top(at) {
                case .dict, .tensor: break
                case let other: throw error(at, "BUILD on \(other.typeName)")
                }
            case UInt8(ascii: "a"):                                     // APPEND
                let item = try pop(at)
                guard case .list(let list) = try top(at), !list.isContained else { throw error(at, "APPEND to a non-list or a contained list") }
                list.depth = max(list.depth, try contain([item], at))
                list.items.append(item)
            case UInt8(ascii: "e"):                                     // APPENDS
                let items = try popMark(at)
                guard case .list(let list) = try top(at), !list.isContained else { throw error(at, "APPENDS to a non-list or a contained list") }
                list.depth = max(list.depth, try contain(items, at))
                list.items += items
            case UInt8(ascii: "s"):                                     // SETITEM
                let value = try pop(at), key = try pop(at)
                guard case .dict(let dict) = try top(at), !dict.isContained else { throw error(at, "SETITEM on a non-dict or a contained dict") }
                dict.depth = max(dict.depth, try contain([key, value], at))
                dict.pairs.append((key, value))
            case UInt8(ascii: "u"):                                     // SETITEMS
                let items = try popMark(at)
                guard items.count % 2 == 0, case .dict(let dict) = try top(at), !dict.isContained else {
                    throw error(at, "SETITEMS on a non-dict, a contained dict, or odd items")
                }
                dict.depth = max(dict.depth, try contain(items, at))
                for index in stride(from: 0, to: items.count, by: 2) { dict.pairs.append((items[index], items[index + 1])) }
            default:
                throw error(at, "opcode 0x\(String(opcode, radix: 16)) is not allowed in a state dict (only tensors, dicts, tuples and numbers are read)")
            }
        }
    }

    /// Freezes the lists and dicts in `items` (now inside a container) and returns the container's depth.
    private func contain(_ items: [PickleValue], _ at: Int) throws -> Int {
        var depth = 1
        for item in items {
            switch item {
            case .list(let list): list.isContained = true
            case .dict(let dict): dict.isContained = true
            default: break
            }
            depth = max(depth, item.depth + 1)
        }
        guard depth <= Self.maxDepth else { throw error(at, "containers nested deeper than \(Self.maxDepth)") }
        return depth
    }

    private func tuple(_ items: [PickleValue], _ at: Int) throws -> PickleValue {
        .tuple(items, depth: try contain(items, at))
    }

    private func error(_ at: Int, _ message: String) -> PyTorchError { PyTorchError("data.pkl byte \(at): \(message)") }

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw PyTorchError("data.pkl ends without STOP") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func take(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= bytes.count - position else { throw PyTorchError("data.pkl: a \(count)-byte field runs past the end") }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    private mutating func unsigned(_ count: Int) throws -> Int {
        let raw = try take(count)
        var value: UInt64 = 0
        for (index, part) in raw.enumerated() { value |= UInt64(part) << (8 * UInt64(index)) }
        guard value <= UInt64(Int.max) else { throw PyTorchError("data.pkl: length \(value) is too large") }
        return Int(value)
    }

    private mutating func text(_ count: Int) throws -> String { String(decoding: try take(count), as: UTF8.self) }

    private mutating func line() throws -> String {
        guard let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")), end - position <= 256 else {
            throw PyTorchError("data.pkl byte \(position): unterminated line")
        }
        defer { position = end + 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
    }

    private func top(_ at: Int) throws -> PickleValue {
        guard let value = stack.last, stack.count > (marks.last ?? 0) else { throw error(at, "empty stack") }
        return value
    }

    private mutating func pop(_ at: Int) throws -> PickleValue {
        guard stack.count > (marks.last ?? 0) else { throw error(at, "empty stack") }
        return stack.removeLast()
    }

    private mutating func popMark(_ at: Int) throws -> [PickleValue] {
        guard let mark = marks.popLast() else { throw error(at, "no MARK") }
        defer { stack.removeLast(stack.count - mark) }
        return Array(stack[mark...])
    }

    private func global(_ module: String, _ name: String, _ at: Int) throws -> PickleGlobal {
        guard let global = PickleGlobal(rawValue: module + "." + name) else {
            throw error(at, "refusing global \(EncoderText.escaped(module + "." + name, limit: 80)): a state dict needs only tensors (this file may try to run code)")
        }
        return global
    }

    /// `('storage', storage_type, key, location, numel)`.
    private func storage(_ pid: PickleValue, _ at: Int) throws -> PickleValue {
        guard case .tuple(let fields, _) = pid, fields.count == 5, case .string("storage") = fields[0],
              case .global(let type) = fields[1], let dtype = type.storageType,
              case .string(let key) = fields[2], case .int(let elements) = fields[4], elements >= 0 else {
            throw error(at, "persistent id is not ('storage', type, key, location, numel)")
        }
        return .storage(dtype, key: key, elements: elements)
    }

    private func call(_ callable: PickleValue, _ arguments: PickleValue, _ at: Int) throws -> PickleValue {
        guard case .global(let function) = callable, case .tuple(let args, _) = arguments else {
            throw error(at, "REDUCE of \(callable.typeName) is not allowed")
        }
        switch function {
        case .orderedDict:
            guard args.isEmpty else { throw error(at, "OrderedDict called with arguments") }
            return .dict(PickleDict())
        case .rebuildParameter:
            // (data, requires_grad, backward_hooks): the tensor itself.
            guard args.count >= 1, case .tensor = args[0] else { throw error(at, "_rebuild_parameter of a non-tensor") }
            return args[0]
        case .rebuildTensor:
            // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
            guard args.count >= 4, case .storage(let dtype, let key, let elements) = args[0], case .int(let offset) = args[1],
                  let shape = Self.integers(args[2]), let strides = Self.integers(args[3]), shape.count == strides.count,
                  offset >= 0, offset <= elements else {
                throw error(at, "_rebuild_tensor_v2 arguments are not (storage, offset, size, stride, ...)")
            }
            return .tensor(storageKey: key, dtype: dtype, offset: offset, shape: shape, strides: strides)
        default:
            throw error(at, "calling \(function.rawValue) is not allowed")
        }
    }

    private static func integers(_ value: PickleValue) -> [Int]? {
        guard case .tuple(let items, _) = value else { return nil }
        var result: [Int] = []
        for item in items {
            guard case .int(let number) = item, number >= 0 else { return nil }
            result.append(number)
        }
        return result
    }
}

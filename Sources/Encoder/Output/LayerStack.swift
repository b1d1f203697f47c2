/// Equal-sized per-layer float arrays in one contiguous buffer: `stack[l]` is layer `l`'s values, zero-based.
public struct LayerStack: RandomAccessCollection, Sendable, Equatable {
    let storage: FloatStorage
    /// Floats per layer.
    public let layerSize: Int
    let layerCount: Int

    init(storage: FloatStorage, layerSize: Int, layers: Int) {
        precondition(layerSize >= 0 && layers >= 0 && layerSize * layers <= storage.count)
        self.storage = storage
        self.layerSize = layerSize
        self.layerCount = layers
    }

    /// Allocates an uninitialised stack for a forward pass to fill.
    init(layers: Int, layerSize: Int) {
        self.init(storage: FloatStorage(count: layers * layerSize), layerSize: layerSize, layers: layers)
    }

    /// Copies `layers`, which must all have the same size (test doubles and decoders build outputs this way).
    public init(_ layers: [[Float]]) {
        let size = layers.first?.count ?? 0
        precondition(layers.allSatisfy { $0.count == size }, "layers of different sizes")
        self.init(layers: layers.count, layerSize: size)
        for (index, values) in layers.enumerated() {
            (storage.base + index * size).initialize(from: values, count: size)
        }
    }

    /// No layers.
    public static let empty = LayerStack([])

    public var startIndex: Int { 0 }
    public var endIndex: Int { layerCount }

    public subscript(layer: Int) -> LayerSlice {
        precondition(layer >= 0 && layer < layerCount, "layer \(layer) outside 0..<\(layerCount)")
        return LayerSlice(storage: storage, offset: layer * layerSize, length: layerSize)
    }

    /// Where layer `layer` starts, for a forward pass writing it.
    func pointer(layer: Int) -> UnsafeMutablePointer<Float> { storage.base + layer * layerSize }

    /// Every layer's floats in place, one after another.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: layerCount * layerSize))
    }

    public static func == (a: LayerStack, b: LayerStack) -> Bool {
        a.layerCount == b.layerCount && a.layerSize == b.layerSize
            && a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.elementsEqual(y) } }
    }
}

/// The list of tensors an encoder loads into its weight arena: for each, its slot, checkpoint name(s), shape
/// and how it is stored.
///
/// The arena is sized from this same list (`ResolvedLoadPlan.arenaFloats`), with each matrix's storage size
/// taken from the layout it will really get, so the size and the writes cannot drift apart.
struct LoadPlan: Sendable {
    enum Storage: Sendable {
        /// Float32 values copied in order (several names are stacked one after another).
        case vector
        /// PyTorch `Linear` weights `[out, in]`, stacked along `out`, laid out by the model's `KernelBackend.matrix(k:n:dtypes:)`.
        case matrix
    }

    struct Entry: Sendable {
        let slot: WeightSlot
        /// Canonical names (without the architecture prefix); more than one are stacked (query, key, value).
        let names: [String]
        /// The shape of each named tensor.
        let shape: [Int]
        let storage: Storage
    }

    private(set) var entries: [Entry] = []

    mutating func add(_ slot: WeightSlot, _ names: [String], shape: [Int], _ storage: Storage = .vector) {
        entries.append(Entry(slot: slot, names: names, shape: shape, storage: storage))
    }

    /// Elements the plan declares, or nil on arithmetic overflow (sizes come from config.json).
    var declaredElements: Int? {
        var total = 0
        for entry in entries {
            var elements = entry.names.count
            for dimension in entry.shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
                guard !overflow else { return nil }
                elements = product
            }
            let (sum, overflow) = total.addingReportingOverflow(elements)
            guard !overflow else { return nil }
            total = sum
        }
        return total
    }
}

extension LoadPlan {
    /// The tensors of the generic encoder for `config`, named as `names` says (without the word embeddings,
    /// which are read in place from the checkpoint).
    static func encoder(_ config: BertConfig, names: TensorNames) -> LoadPlan {
        let d = config.hiddenSize, e = config.embeddingSize, inner = config.intermediateSize
        var plan = LoadPlan()
        plan.add(.positionEmbeddings, [names.positionEmbeddings], shape: [config.maxPositions, e])
        if let tokenTypes = names.tokenTypeEmbeddings, config.hasTokenTypes {
            plan.add(.tokenTypeEmbeddings, [tokenTypes], shape: [config.typeVocabSize, e])
        }
        plan.add(.embeddingNormWeight, [names.embeddingNorm + ".weight"], shape: [e])
        plan.add(.embeddingNormBias, [names.embeddingNorm + ".bias"], shape: [e])
        if let projection = names.embeddingProjection, e != d {
            plan.add(.embeddingProjectionWeight, [projection + ".weight"], shape: [d, e], .matrix)
            plan.add(.embeddingProjectionBias, [projection + ".bias"], shape: [d])
        }
        let layer = names.layer
        for index in 0..<config.layers {
            let p = names.layerPrefix(index)
            func add(_ slot: WeightSlot.Layer, _ modules: [String], _ parameter: String, _ shape: [Int],
                     _ storage: LoadPlan.Storage = .vector) {
                plan.add(.layer(index, slot), modules.map { p + $0 + parameter }, shape: shape, storage)
            }
            let qkv = [layer.query, layer.key, layer.value]
            add(.qkvWeight, qkv, ".weight", [d, d], .matrix)
            add(.qkvBias, qkv, ".bias", [d])
            add(.attentionOutputWeight, [layer.attentionOutput], ".weight", [d, d], .matrix)
            add(.attentionOutputBias, [layer.attentionOutput], ".bias", [d])
            add(.norm1Weight, [layer.norm1], ".weight", [d])
            add(.norm1Bias, [layer.norm1], ".bias", [d])
            add(.ffnInWeight, [layer.ffnIn], ".weight", [inner, d], .matrix)
            add(.ffnInBias, [layer.ffnIn], ".bias", [inner])
            add(.ffnOutWeight, [layer.ffnOut], ".weight", [d, inner], .matrix)
            add(.ffnOutBias, [layer.ffnOut], ".bias", [d])
            add(.norm2Weight, [layer.norm2], ".weight", [d])
            add(.norm2Bias, [layer.norm2], ".bias", [d])
        }
        return plan
    }
}

/// Which heads to load: named by `architectures` when the config has it (then its tensors must be there),
/// otherwise recognised by the tensors stored.
enum HeadKind: CaseIterable {
    case maskedLM, sequence, token, replaced

    static func detect(config: HeadConfig, tensors: HeadTensors) -> Set<HeadKind> {
        if let architecture = config.architecture {
            switch true {
            case architecture.hasSuffix("ForMaskedLM"), architecture == "BertForPreTraining",
                 architecture == "BertLMHeadModel":
                return [.maskedLM]
            case architecture.hasSuffix("ForSequenceClassification"): return [.sequence]
            case architecture.hasSuffix("ForTokenClassification"): return [.token]
            case architecture == "ElectraForPreTraining": return [.replaced]
            default: return []
            }
        }
        let markers: [(String, HeadKind)] = [
            ("cls.predictions.transform.dense.weight", .maskedLM), ("vocab_transform.weight", .maskedLM),
            ("generator_predictions.dense.weight", .maskedLM),
            ("discriminator_predictions.dense.weight", .replaced),
            ("pre_classifier.weight", .sequence), ("classifier.out_proj.weight", .sequence),
        ]
        var found = Set(markers.filter { tensors.contains($0.0) }.map(\.1))
        if tensors.contains("classifier.weight") && !found.contains(.sequence) {
            found.insert(tensors.contains("bert.pooler.dense.weight") ? .sequence : .token)
        }
        return found
    }
}

/// One architecture's tensor names for the canonical slots: embeddings, optional embedding projection, each
/// layer's query/key/value, attention output, norm 1, feed-forward in/out and norm 2, the pooler, and the
/// masked-LM head. Names are module paths (append `.weight` / `.bias`) relative to `prefix`, except the head's.
public struct TensorNames: Sendable {
    /// The prefix a task checkpoint (`…ForMaskedLM`, `…ForSequenceClassification`) puts before the base model.
    public var prefix: String
    /// `[vocab, embedding size]`.
    public var wordEmbeddings: String
    /// `[max positions, embedding size]`.
    public var positionEmbeddings: String
    /// `[type vocab, embedding size]`; nil when the family has no segment embeddings.
    public var tokenTypeEmbeddings: String?
    public var embeddingNorm: String
    /// Linear map from embedding size to hidden size, present only when the two differ (ELECTRA).
    public var embeddingProjection: String?
    /// Path of layer `i`'s modules.
    public var layerPrefix: @Sendable (Int) -> String
    public var layer: LayerTensorNames
    /// `[hidden, hidden]` dense of the pooler, when the family has one (applied to the first token).
    public var pooler: String?
    public var maskedLMHead: MaskedLMHeadNames

    public static let bert = TensorNames(
        prefix: "bert.", wordEmbeddings: "embeddings.word_embeddings.weight",
        positionEmbeddings: "embeddings.position_embeddings.weight",
        tokenTypeEmbeddings: "embeddings.token_type_embeddings.weight", embeddingNorm: "embeddings.LayerNorm",
        embeddingProjection: nil, layerPrefix: { "encoder.layer.\($0)." },
        layer: LayerTensorNames(
            query: "attention.self.query", key: "attention.self.key", value: "attention.self.value",
            attentionOutput: "attention.output.dense", norm1: "attention.output.LayerNorm",
            ffnIn: "intermediate.dense", ffnOut: "output.dense", norm2: "output.LayerNorm"),
        pooler: "pooler.dense",
        maskedLMHead: MaskedLMHeadNames(
            transform: "cls.predictions.transform.dense", transformNorm: "cls.predictions.transform.LayerNorm",
            decoderWeight: "cls.predictions.decoder.weight", decoderBias: "cls.predictions.bias"))

    public static let distilBERT = TensorNames(
        prefix: "distilbert.", wordEmbeddings: "embeddings.word_embeddings.weight",
        positionEmbeddings: "embeddings.position_embeddings.weight", tokenTypeEmbeddings: nil,
        embeddingNorm: "embeddings.LayerNorm", embeddingProjection: nil,
        layerPrefix: { "transformer.layer.\($0)." },
        layer: LayerTensorNames(
            query: "attention.q_lin", key: "attention.k_lin", value: "attention.v_lin",
            attentionOutput: "attention.out_lin", norm1: "sa_layer_norm",
            ffnIn: "ffn.lin1", ffnOut: "ffn.lin2", norm2: "output_layer_norm"),
        pooler: nil,
        maskedLMHead: MaskedLMHeadNames(
            transform: "vocab_transform", transformNorm: "vocab_layer_norm",
            decoderWeight: "vocab_projector.weight", decoderBias: "vocab_projector.bias"))

    public static let electra: TensorNames = {
        var names = TensorNames.bert
        names.prefix = "electra."
        names.embeddingProjection = "embeddings_project"
        names.pooler = nil
        names.maskedLMHead = MaskedLMHeadNames(
            transform: "generator_predictions.dense", transformNorm: "generator_predictions.LayerNorm",
            decoderWeight: "generator_lm_head.weight", decoderBias: "generator_lm_head.bias")
        return names
    }()
}

extension BertConfig {
    /// DistilBERT's `config.json` keys (`dim`, `n_layers`, `n_heads`, `hidden_dim`, `activation`); it has no
    /// segment embeddings and a fixed LayerNorm epsilon of 1e-12. With `sinusoidal_pos_embds` the fixed table
    /// is still saved as the position embedding weight, so it loads like a learned one.
    static func parseDistilBERT(_ fields: ConfigFields) throws -> BertConfig {
        return BertConfig(
            hiddenSize: try fields.int("dim"), layers: try fields.int("n_layers"), heads: try fields.int("n_heads"),
            intermediateSize: try fields.int("hidden_dim"), activation: try fields.activation("activation"),
            layerNormEps: 1e-12, maxPositions: try fields.int("max_position_embeddings", default: 512),
            typeVocabSize: 0, vocabSize: try fields.int("vocab_size"), nameOrPath: fields.nameOrPath,
            architecture: .distilbert)
    }
}

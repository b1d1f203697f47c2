import Foundation

extension BertTokenizer {
    /// Loads `tokenizer.json` from a model directory if present, else `vocab.txt` with the flags of
    /// `tokenizer_config.json`. `model_max_length` of `tokenizer_config.json`, when present, sets `maxLength`.
    public static func load(directory: URL) throws -> BertTokenizer {
        let json = directory.appendingPathComponent("tokenizer.json")
        let config = directory.appendingPathComponent("tokenizer_config.json")
        let hasConfig = FileData.entryExists(config)
        if FileData.entryExists(json) {
            let configMax = hasConfig ? try TokenizerConfig(url: config).modelMaxLength : nil
            return try load(tokenizerJSON: json, maxLengthOverride: configMax)
        }
        let vocabulary = directory.appendingPathComponent("vocab.txt")
        guard FileData.entryExists(vocabulary) else {
            throw TokenizerError(file: directory.path, problem: "no tokenizer.json or vocab.txt in this directory")
        }
        return try load(vocabulary: vocabulary, config: hasConfig ? config : nil)
    }

    /// Loads a Hugging Face `tokenizer.json` (WordPiece model, BertNormalizer, BertPreTokenizer).
    /// `maxLength` comes from its `truncation.max_length`, else 512.
    public static func load(tokenizerJSON url: URL) throws -> BertTokenizer {
        try load(tokenizerJSON: url, maxLengthOverride: nil)
    }

    private static func load(tokenizerJSON url: URL, maxLengthOverride: Int?) throws -> BertTokenizer {
        let parsed = try TokenizerJSON(url: url)
        return try BertTokenizer(
            vocabulary: parsed.vocabulary, ids: parsed.ids, unknownToken: parsed.unknownToken,
            continuingSubwordPrefix: parsed.continuingSubwordPrefix,
            maxInputCharactersPerWord: parsed.maxInputCharactersPerWord, normalizer: parsed.normalizer,
            preTokenize: parsed.preTokenize, addedTokens: parsed.addedTokens, postProcessor: parsed.postProcessor,
            maxLength: maxLengthOverride ?? parsed.truncationMaxLength ?? 512, file: url.path)
    }

    /// Loads `vocab.txt` with the flags of `tokenizer_config.json` (`do_lower_case`, `strip_accents`,
    /// `tokenize_chinese_chars`, special token names, `model_max_length`), as `transformers` builds
    /// `BertTokenizerFast` from them.
    public static func load(vocabulary url: URL, config: URL?) throws -> BertTokenizer {
        let settings = try config.map { try TokenizerConfig(url: $0) } ?? TokenizerConfig()
        let vocabulary = try VocabularyFile.read(url)
        var ids: [String: Int] = [:]
        for (token, id) in vocabulary { ids[token] = id }
        var nextID = vocabulary.count
        var added: [AddedToken] = []
        for name in [settings.unknownToken, settings.separatorToken, settings.paddingToken, settings.classifierToken,
                     settings.maskToken] where !added.contains(where: { $0.content == name }) {
            let id: Int
            if let known = ids[name] { id = known } else {
                id = nextID
                nextID += 1
            }
            var token = settings.addedTokenFlags[name] ?? AddedToken(id: id, content: name, special: true)
            token.id = id
            added.append(token)
        }
        for token in settings.addedTokenFlags.values.sorted(by: { $0.id < $1.id })
        where !added.contains(where: { $0.content == token.content }) {
            added.append(token)
        }
        guard let cls = added.first(where: { $0.content == settings.classifierToken }),
              let sep = added.first(where: { $0.content == settings.separatorToken }) else {
            throw TokenizerError(file: url.path, problem: "no [CLS] or [SEP] token")
        }
        let normalizer = BertNormalizer(cleanText: true, handleChineseCharacters: settings.chineseCharacters,
                                        stripAccents: settings.stripAccents, lowercase: settings.lowercase)
        return try BertTokenizer(
            vocabulary: vocabulary, ids: ids, unknownToken: settings.unknownToken, continuingSubwordPrefix: "##",
            maxInputCharactersPerWord: 100, normalizer: normalizer, preTokenize: true, addedTokens: added,
            postProcessor: .bert(cls: (cls.content, cls.id), sep: (sep.content, sep.id)),
            maxLength: settings.modelMaxLength ?? 512, file: url.path)
    }
}

import Foundation

/// The parts of a Hugging Face `tokenizer.json` that a BERT WordPiece tokenizer uses.
struct TokenizerJSON {
    /// In id order.
    var vocabulary: [(String, Int)]
    /// The same, token to id (built from the JSON object's table, without hashing the tokens again).
    var ids: [String: Int]
    var unknownToken: String
    var continuingSubwordPrefix: String
    var maxInputCharactersPerWord: Int
    var normalizer: BertNormalizer?
    var preTokenize: Bool
    var addedTokens: [AddedToken]
    var postProcessor: PostProcessor
    var truncationMaxLength: Int?

    init(url: URL) throws {
        let object = try JSONFile.object(at: url)
        func fail(_ problem: String) -> TokenizerError { TokenizerError(file: url.path, problem: problem) }

        guard let model = object["model"] as? [String: Any] else { throw fail("no \"model\" object") }
        if let type = model["type"] as? String, type != "WordPiece" {
            throw fail("model type \(type) is not supported (only WordPiece)")
        }
        // JSONReader gives an all-integer object as [String: Int]; anything else is a [String: Any] to check.
        let vocab: [String: Int]
        if let integers = model["vocab"] as? [String: Int] {
            vocab = integers
        } else if let values = model["vocab"] as? [String: Any] {
            var checked = [String: Int](minimumCapacity: values.count)
            for (token, value) in values {
                guard let id = JSONFile.int(value) else { throw fail("vocab entry \(token) has no valid id") }
                checked[token] = id
            }
            vocab = checked
        } else {
            throw fail("no WordPiece \"vocab\" in \"model\"")
        }
        // In id order. Ids are normally 0..<count, each once: then placing each token at its id is the sort.
        var byID = [String?](repeating: nil, count: vocab.count)
        var dense = true
        for (token, id) in vocab {
            guard id >= 0, JSONFile.int(id) != nil else { throw fail("vocab entry \(token) has no valid id") }
            if id < byID.count && byID[id] == nil { byID[id] = token } else { dense = false }
        }
        ids = vocab
        vocabulary = dense ? byID.enumerated().map { ($0.element!, $0.offset) }
            : vocab.map { ($0.key, $0.value) }.sorted { $0.1 < $1.1 }
        unknownToken = model["unk_token"] as? String ?? "[UNK]"
        continuingSubwordPrefix = model["continuing_subword_prefix"] as? String ?? "##"
        switch model["max_input_chars_per_word"] {
        case nil: maxInputCharactersPerWord = 100
        case let value:
            // Hugging Face reads a usize: a negative or fractional value is an error there too.
            guard let count = JSONFile.int(value), count >= 0 else {
                throw fail("max_input_chars_per_word must be a non-negative integer, got \(value!)")
            }
            maxInputCharactersPerWord = count
        }

        switch object["normalizer"] {
        case nil, is JSONReader.Null:
            normalizer = nil
        case let normalizer as [String: Any]:
            let type = normalizer["type"] as? String ?? "?"
            guard type == "BertNormalizer" else { throw fail("normalizer \(type) is not supported (only BertNormalizer)") }
            let lowercase = JSONFile.bool(normalizer["lowercase"]) ?? true
            self.normalizer = BertNormalizer(
                cleanText: JSONFile.bool(normalizer["clean_text"]) ?? true,
                handleChineseCharacters: JSONFile.bool(normalizer["handle_chinese_chars"]) ?? true,
                stripAccents: JSONFile.bool(normalizer["strip_accents"]), lowercase: lowercase)
        default:
            throw fail("\"normalizer\" is not an object")
        }

        switch object["pre_tokenizer"] {
        case nil, is JSONReader.Null:
            preTokenize = false
        case let pre as [String: Any]:
            let type = pre["type"] as? String ?? "?"
            guard type == "BertPreTokenizer" else {
                throw fail("pre_tokenizer \(type) is not supported (only BertPreTokenizer)")
            }
            preTokenize = true
        default:
            throw fail("\"pre_tokenizer\" is not an object")
        }

        var added: [AddedToken] = []
        let addedEntries: [[String: Any]]
        switch object["added_tokens"] {
        case nil: addedEntries = []
        case let list as [[String: Any]]: addedEntries = list
        default: throw fail("\"added_tokens\" is not an array of objects")
        }
        for entry in addedEntries {
            guard let id = JSONFile.int(entry["id"]), let content = entry["content"] as? String else {
                throw fail("an added token has no id or content")
            }
            added.append(AddedToken(
                id: id, content: content, special: JSONFile.bool(entry["special"]) ?? false,
                singleWord: JSONFile.bool(entry["single_word"]) ?? false,
                leftStrip: JSONFile.bool(entry["lstrip"]) ?? false, rightStrip: JSONFile.bool(entry["rstrip"]) ?? false,
                normalized: JSONFile.bool(entry["normalized"]) ?? !(JSONFile.bool(entry["special"]) ?? false)))
        }
        addedTokens = added

        switch object["post_processor"] {
        case nil, is JSONReader.Null:
            postProcessor = .none
        case let post as [String: Any]:
            postProcessor = try Self.postProcessor(post, fail: fail)
        default:
            throw fail("\"post_processor\" is not an object")
        }

        if let truncation = object["truncation"] as? [String: Any] {
            truncationMaxLength = try JSONFile.lengthLimit(truncation["max_length"], key: "truncation.max_length",
                                                           file: url)
        }
    }

    private static func postProcessor(_ post: [String: Any], fail: (String) -> TokenizerError) throws -> PostProcessor {
        let type = post["type"] as? String ?? "?"
        switch type {
        case "BertProcessing":
            guard let sep = post["sep"] as? [Any], let cls = post["cls"] as? [Any], sep.count == 2, cls.count == 2,
                  let sepToken = sep[0] as? String, let sepID = JSONFile.int(sep[1]),
                  let clsToken = cls[0] as? String, let clsID = JSONFile.int(cls[1])
            else { throw fail("BertProcessing needs \"sep\" and \"cls\" as [token, id]") }
            return .bert(cls: (clsToken, clsID), sep: (sepToken, sepID))
        case "TemplateProcessing":
            let specials = post["special_tokens"] as? [String: Any] ?? [:]
            func pieces(_ key: String) throws -> [PostProcessor.Piece] {
                guard let list = post[key] as? [[String: Any]] else { throw fail("TemplateProcessing has no \"\(key)\"") }
                return try list.map { item in
                    if let special = item["SpecialToken"] as? [String: Any], let name = special["id"] as? String {
                        let typeID = JSONFile.int(special["type_id"]) ?? 0
                        guard let entry = specials[name] as? [String: Any],
                              let ids = (entry["ids"] as? [Any])?.compactMap(JSONFile.int),
                              let tokens = entry["tokens"] as? [String], ids.count == tokens.count
                        else { throw fail("TemplateProcessing special token \(name) is missing from special_tokens") }
                        return .special(ids: ids, tokens: tokens, typeID: typeID)
                    }
                    if let sequence = item["Sequence"] as? [String: Any], let name = sequence["id"] as? String {
                        return .sequence(first: name == "A", typeID: JSONFile.int(sequence["type_id"]) ?? 0)
                    }
                    throw fail("TemplateProcessing has an unknown piece in \"\(key)\"")
                }
            }
            return PostProcessor(single: try pieces("single"), pair: try pieces("pair"))
        default:
            throw fail("post_processor \(type) is not supported (only TemplateProcessing and BertProcessing)")
        }
    }
}

import Foundation

/// The flags of `tokenizer_config.json` that shape a BERT tokenizer built from `vocab.txt`.
struct TokenizerConfig {
    var lowercase = true
    var stripAccents: Bool?
    var chineseCharacters = true
    var unknownToken = "[UNK]"
    var separatorToken = "[SEP]"
    var paddingToken = "[PAD]"
    var classifierToken = "[CLS]"
    var maskToken = "[MASK]"
    /// nil when absent or the "no limit" sentinel; never zero or negative.
    var modelMaxLength: Int?
    /// `added_tokens_decoder` entries, keyed by content.
    var addedTokenFlags: [String: AddedToken] = [:]

    init() {}

    init(url: URL) throws {
        let object = try JSONFile.object(at: url)
        lowercase = JSONFile.bool(object["do_lower_case"]) ?? true
        stripAccents = JSONFile.bool(object["strip_accents"])
        chineseCharacters = JSONFile.bool(object["tokenize_chinese_chars"]) ?? true
        unknownToken = JSONFile.tokenName(object["unk_token"]) ?? unknownToken
        separatorToken = JSONFile.tokenName(object["sep_token"]) ?? separatorToken
        paddingToken = JSONFile.tokenName(object["pad_token"]) ?? paddingToken
        classifierToken = JSONFile.tokenName(object["cls_token"]) ?? classifierToken
        maskToken = JSONFile.tokenName(object["mask_token"]) ?? maskToken
        modelMaxLength = try JSONFile.lengthLimit(object["model_max_length"], key: "model_max_length", file: url)
        if let decoder = object["added_tokens_decoder"] as? [String: Any] {
            for (key, value) in decoder {
                guard let id = Int(key), let entry = value as? [String: Any], let content = entry["content"] as? String
                else { continue }
                addedTokenFlags[content] = AddedToken(
                    id: id, content: content, special: JSONFile.bool(entry["special"]) ?? true,
                    singleWord: JSONFile.bool(entry["single_word"]) ?? false,
                    leftStrip: JSONFile.bool(entry["lstrip"]) ?? false,
                    rightStrip: JSONFile.bool(entry["rstrip"]) ?? false,
                    normalized: JSONFile.bool(entry["normalized"]) ?? false)
            }
        }
    }
}

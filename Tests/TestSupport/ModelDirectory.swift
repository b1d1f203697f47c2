import Foundation

/// A scratch copy of a small model directory that a test may corrupt file by file (config.json, tokenizer
/// files, the safetensors header), removed again by `remove()`.
public struct ModelDirectory: Sendable {
    public let url: URL

    /// Copies `Tests/Fixtures/encoder/models/tiny-base` (config.json, vocab.txt, model.safetensors: 160 KB).
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.url("encoder/models/tiny-base"), to: url)
    }

    public func remove() { try? FileManager.default.removeItem(at: url) }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Reads a JSON object file, lets `change` edit it, and writes it back.
    public func editJSON(_ name: String, _ change: (inout [String: Any]) -> Void) throws {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: file(name))) as! [String: Any]
        change(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: file(name))
    }

    /// Writes a `tokenizer.json` equivalent to the directory's vocab.txt (WordPiece, BertNormalizer,
    /// BertPreTokenizer, BERT template), after `change` edits it.
    public func writeTokenizerJSON(_ change: (inout [String: Any]) -> Void = { _ in }) throws {
        let lines = try String(contentsOf: file("vocab.txt"), encoding: .utf8).split(separator: "\n")
        var vocab: [String: Int] = [:]
        for (id, token) in lines.enumerated() { vocab[String(token)] = id }
        var object: [String: Any] = [
            "model": ["type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                      "max_input_chars_per_word": 100, "vocab": vocab],
            "normalizer": ["type": "BertNormalizer", "lowercase": true],
            "pre_tokenizer": ["type": "BertPreTokenizer"],
            "post_processor": ["type": "BertProcessing", "sep": ["[SEP]", vocab["[SEP]"]!], "cls": ["[CLS]", vocab["[CLS]"]!]],
            "added_tokens": [] as [Any],
        ]
        change(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: file("tokenizer.json"))
    }

    /// `writeTokenizerJSON` with only its `model` object (type, unk_token, vocab, ...) edited by `change`.
    public func writeTokenizerModel(_ change: (inout [String: Any]) -> Void) throws {
        try writeTokenizerJSON { json in
            var model = json["model"] as! [String: Any]
            change(&model)
            json["model"] = model
        }
    }

    /// Rewrites model.safetensors with its header edited by `change` (tensor data kept; the header is padded
    /// with spaces to a multiple of 8 bytes so tensors stay aligned).
    public func editSafeTensorsHeader(_ change: (inout [String: Any]) -> Void) throws {
        let data = try Data(contentsOf: file("model.safetensors"))
        let length = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        var header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<8 + length)) as! [String: Any]
        change(&header)
        var json = try JSONSerialization.data(withJSONObject: header)
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data((0..<8).map { UInt8(truncatingIfNeeded: json.count >> (8 * $0)) })
        out.append(json)
        out.append(data.subdata(in: 8 + length..<data.count))
        try out.write(to: file("model.safetensors"))
    }

    /// Sets every element of the float32 tensor `name` in model.safetensors to `value`.
    public func fill(tensor name: String, with value: Float) throws {
        var data = try Data(contentsOf: file("model.safetensors"))
        let length = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<8 + length)) as! [String: Any]
        let entry = header[name] as! [String: Any]
        let offsets = (entry["data_offsets"] as! [Any]).map { ($0 as! NSNumber).intValue }
        precondition(entry["dtype"] as? String == "F32")
        for offset in stride(from: 8 + length + offsets[0], to: 8 + length + offsets[1], by: 4) {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.replaceSubrange(offset..<offset + 4, with: $0) }
        }
        try data.write(to: file("model.safetensors"))
    }
}

import SafeText
import Foundation

/// Typed, validated reads of a `config.json` object; every error is one line naming the file and the key.
struct ConfigFields {
    let json: [String: Any]
    let source: String

    /// A positive integer (`default` when the key is absent and a default exists).
    func int(_ key: String, default value: Int? = nil) throws -> Int {
        guard let raw = json[key] else {
            if let value { return value }
            throw ModelLoadError("\(source) is missing \(key)")
        }
        guard let number = raw as? Int, number > 0 else {
            throw ModelLoadError("\(source): \(key) must be a positive integer, found \(raw)")
        }
        return number
    }

    /// A positive number, `value` when absent.
    func positive(_ key: String, default value: Float) throws -> Float {
        guard let raw = json[key] else { return value }
        guard let number = raw as? Double, number > 0 else {
            throw ModelLoadError("\(source): \(key) must be a positive number, found \(raw)")
        }
        return Float(number)
    }

    /// The feed-forward activation named by `key` (`gelu` when absent).
    func activation(_ key: String) throws -> BertConfig.Activation {
        guard let raw = json[key] else { return .gelu }
        guard let name = raw as? String else {  // transformers looks the value up by name
            throw ModelLoadError("\(source): \(key) must be the name of an activation, found \(raw)")
        }
        switch name {
        case "gelu": return .gelu
        case "gelu_new", "gelu_pytorch_tanh": return .geluTanh
        case "relu": return .relu
        default: throw ModelLoadError("\(source): \(key) \"\(TerminalText.escaped(name))\" is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu)")
        }
    }

    var nameOrPath: String? { json["_name_or_path"] as? String }
}

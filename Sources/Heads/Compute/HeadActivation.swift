import Foundation

/// The non-linearities the heads use, named as `config.json` names them.
public enum HeadActivation: String, Sendable {
    /// Exact erf form (`gelu`).
    case gelu
    /// Tanh approximation (`gelu_new`, `gelu_pytorch_tanh`).
    case geluTanh
    case relu
    case tanh

    /// Reads a `hidden_act` / `activation` value; nil for names the heads do not implement.
    public init?(configName: String) {
        switch configName {
        case "gelu": self = .gelu
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": self = .geluTanh
        case "relu": self = .relu
        case "tanh": self = .tanh
        default: return nil
        }
    }

    func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .gelu:
            for i in 0..<count {
                let x = values[i]
                values[i] = 0.5 * x * (1 + erf(x * 0.707_106_77))
            }
        case .geluTanh:
            for i in 0..<count {
                let x = values[i]
                values[i] = 0.5 * x * (1 + Foundation.tanh(0.797_884_6 * (x + 0.044715 * x * x * x)))
            }
        case .relu:
            for i in 0..<count { values[i] = max(values[i], 0) }
        case .tanh:
            for i in 0..<count { values[i] = Foundation.tanh(values[i]) }
        }
    }
}

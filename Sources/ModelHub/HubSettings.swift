import Foundation

/// The Hugging Face environment variables, read as `huggingface_hub` reads them.
public struct HubSettings: Sendable {
    public static let defaultEndpoint = "https://huggingface.co"

    /// `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`.
    public var cacheDirectory: String
    /// `$HF_ENDPOINT` without a trailing slash.
    public var endpoint: String
    /// `$HF_TOKEN`, else the first line of `$HF_TOKEN_PATH` or `$HF_HOME/token`.
    public var token: String?
    /// `HF_HUB_OFFLINE` set to 1/true/yes/on: never touch the network.
    public var offline: Bool
    /// Seconds without a byte before a request fails (`HF_HUB_DOWNLOAD_TIMEOUT`, default 10).
    public var timeout: Double

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        func value(_ key: String) -> String? {
            guard let text = environment[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return text
        }
        let home = value("HF_HOME") ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.cache/huggingface")
        cacheDirectory = value("HF_HUB_CACHE") ?? home + "/hub"
        var endpoint = value("HF_ENDPOINT") ?? Self.defaultEndpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        if let token = value("HF_TOKEN") {
            self.token = token
        } else {
            let path = value("HF_TOKEN_PATH") ?? home + "/token"
            // A token file is a few dozen bytes; anything large is not one.
            let data = FileManager.default.contents(atPath: path).flatMap { $0.count <= 4096 ? $0 : nil }
            let line = data.flatMap { String(data: $0, encoding: .utf8) }?
                .split(whereSeparator: \.isNewline).first?.trimmingCharacters(in: .whitespaces)
            self.token = line.flatMap { $0.isEmpty ? nil : $0 }
        }
        offline = ["1", "true", "yes", "on"].contains(value("HF_HUB_OFFLINE")?.lowercased() ?? "")
        timeout = value("HF_HUB_DOWNLOAD_TIMEOUT").flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 10
    }
}

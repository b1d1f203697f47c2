import Foundation

/// Finds a model directory (config.json, vocab.txt or tokenizer.json, model.safetensors).
///
/// `--model` may name a directory, or a hub name (`bert-base-uncased`, `org/name`) already in the local
/// Hugging Face cache (`$HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`).
/// Without `--model`: `$BERT_EXPLORER_MODEL`, then the bundled `Samples/models/all-MiniLM-L6-v2` found by
/// walking up from the executable (a `swift build` product lives in `<checkout>/.build/...`), then the
/// checkout this binary was compiled from.
public struct ModelLocator: Sendable {
    public static let bundledRelativePath = "Samples/models/all-MiniLM-L6-v2"

    public var environment: [String: String]
    public var executablePath: String
    public var sourceRoot: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                executablePath: String = CommandLine.arguments.first ?? "",
                sourceRoot: String = ModelLocator.compiledSourceRoot) {
        self.environment = environment
        self.executablePath = executablePath
        self.sourceRoot = sourceRoot
    }

    /// The checkout root this file was compiled in (three levels above `Sources/Encoder/Loading`).
    public static var compiledSourceRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    public func locate(_ requested: String?) throws -> URL {
        let fm = FileManager.default
        if let requested, !requested.isEmpty {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: requested, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else {
                    throw ModelLocatorError("model path \(requested) is a file; pass the directory holding config.json")
                }
                return URL(fileURLWithPath: requested)
            }
            if let cached = hubSnapshot(for: requested) { return cached }
            throw ModelLocatorError("model \(requested) not found: no such directory, and not in the Hugging Face cache at \(hubCacheDirectory)")
        }
        if let fromEnvironment = environment["BERT_EXPLORER_MODEL"], !fromEnvironment.isEmpty {
            return try locate(fromEnvironment)
        }
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" && !directory.path.isEmpty {
            let candidate = directory.appendingPathComponent(Self.bundledRelativePath)
            if fm.fileExists(atPath: candidate.appendingPathComponent("config.json").path) { return candidate }
            directory.deleteLastPathComponent()
        }
        let compiled = URL(fileURLWithPath: sourceRoot).appendingPathComponent(Self.bundledRelativePath)
        if fm.fileExists(atPath: compiled.appendingPathComponent("config.json").path) { return compiled }
        throw ModelLocatorError("bundled model not found (looked above \(executablePath) and in \(sourceRoot)); pass --model PATH or set BERT_EXPLORER_MODEL")
    }

    /// The hub cache directory, honouring `HF_HUB_CACHE` and `HF_HOME` as `huggingface_hub` does.
    public var hubCacheDirectory: String {
        if let cache = environment["HF_HUB_CACHE"], !cache.isEmpty { return cache }
        if let home = environment["HF_HOME"], !home.isEmpty { return home + "/hub" }
        let userHome = environment["HOME"] ?? NSHomeDirectory()
        return userHome + "/.cache/huggingface/hub"
    }

    /// `models--ORG--NAME/snapshots/<ref>` where `<ref>` is what `refs/main` names; without `refs/main` (or when
    /// it names a missing snapshot), the most recently modified snapshot directory, ties broken by name.
    func hubSnapshot(for name: String) -> URL? {
        let fm = FileManager.default
        let repo = URL(fileURLWithPath: hubCacheDirectory)
            .appendingPathComponent("models--" + name.replacingOccurrences(of: "/", with: "--"))
        let snapshots = repo.appendingPathComponent("snapshots")
        if let ref = try? String(contentsOf: repo.appendingPathComponent("refs/main"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines), !ref.isEmpty {
            let snapshot = snapshots.appendingPathComponent(ref)
            if fm.fileExists(atPath: snapshot.path) { return snapshot }
        }
        let entries = (try? fm.contentsOfDirectory(at: snapshots, includingPropertiesForKeys: [
            .isDirectoryKey, .contentModificationDateKey])) ?? []
        let dated = entries.compactMap { url -> (url: URL, modified: Date)? in
            guard let values = try? url.resourceValues(forKeys: [.isDirectoryKey, .contentModificationDateKey]),
                  values.isDirectory == true else { return nil }
            return (url, values.contentModificationDate ?? .distantPast)
        }
        return dated.max { ($0.modified, $1.url.lastPathComponent) < ($1.modified, $0.url.lastPathComponent) }?.url
    }
}

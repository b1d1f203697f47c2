import Foundation

/// Finds a model directory (config.json, vocab.txt or tokenizer.json, weights).
///
/// `--model` may name a directory, or a hub id (`bert-base-uncased`, `org/name`, `org/name@revision`):
/// first a complete snapshot in the Hugging Face cache (`$HF_HUB_CACHE`, else `$HF_HOME/hub`, else
/// `~/.cache/huggingface/hub`), then a download from `$HF_ENDPOINT` unless `HF_HUB_OFFLINE` is set.
/// Without `--model`: `$BERT_EXPLORER_MODEL`, then the bundled `Samples/models/all-MiniLM-L6-v2` found by
/// walking up from the executable (a `swift build` product lives in `<checkout>/.build/...`), then the
/// checkout this binary was compiled from.
public struct ModelLocator: Sendable {
    public static let bundledRelativePath = "Samples/models/all-MiniLM-L6-v2"

    public var environment: [String: String]
    public var executablePath: String
    public var sourceRoot: String
    /// Shown while downloading (nil: silent).
    public var progress: (any DownloadProgress)?
    /// Bytes per download request (see `HubDownloader.segmentSize`).
    public var downloadSegmentSize = 16 << 20

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                executablePath: String = CommandLine.arguments.first ?? "",
                sourceRoot: String = ModelLocator.compiledSourceRoot,
                progress: (any DownloadProgress)? = nil) {
        self.environment = environment
        self.executablePath = executablePath
        self.sourceRoot = sourceRoot
        self.progress = progress
    }

    /// The checkout root this file was compiled in (three levels above `Sources/ModelHub/Locating`).
    public static var compiledSourceRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    public var settings: HubSettings { HubSettings(environment: environment) }

    /// The hub cache directory, honouring `HF_HUB_CACHE` and `HF_HOME` as `huggingface_hub` does.
    public var hubCacheDirectory: String { settings.cacheDirectory }

    public func locate(_ requested: String?) throws -> URL {
        let fm = FileManager.default
        if let requested, !requested.isEmpty {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: requested, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else {
                    throw ModelLocatorError("model path \(HubText.escaped(requested)) is a file; pass the directory holding config.json")
                }
                return URL(fileURLWithPath: requested)
            }
            guard let id = HubModelID(parsing: requested) else {
                throw ModelLocatorError("model \(HubText.escaped(requested)) not found: no such directory, and not a Hugging Face model id (NAME or ORG/NAME[@REVISION])")
            }
            return try locate(hub: id)
        }
        if let fromEnvironment = environment["BERT_EXPLORER_MODEL"], !fromEnvironment.isEmpty {
            // The message says where the name came from: the user typed no model name.
            do { return try locate(fromEnvironment) } catch let error as ModelLocatorError {
                throw ModelLocatorError("BERT_EXPLORER_MODEL=\(HubText.escaped(fromEnvironment)): \(error.description)")
            }
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

    /// A complete cached snapshot, else a download; offline, an incomplete snapshot is returned as it is (the
    /// loader then names the missing file).
    public func locate(hub id: HubModelID) throws -> URL {
        let settings = self.settings
        let cached = HubCache(settings: settings).snapshot(for: id)
        if let cached, ModelFiles.isComplete(cached) { return cached }
        if settings.offline {
            if let cached { return cached }
            throw ModelLocatorError("model \(id) not found: no such directory, not in the Hugging Face cache at \(settings.cacheDirectory), and HF_HUB_OFFLINE is set")
        }
        do {
            return try HubDownloader(settings: settings, progress: progress, segmentSize: downloadSegmentSize).download(id)
        } catch let error as HubError {
            throw ModelLocatorError(error.description)
        }
    }
}

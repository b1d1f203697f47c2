import Encoder
import Foundation
import Heads

/// A trained head: `head.json` + `head.safetensors` in one directory.
public struct TrainedHead: Sendable {
    public var metadata: HeadMetadata
    public var parameters: HeadParameters

    public init(metadata: HeadMetadata, parameters: HeadParameters) {
        self.metadata = metadata
        self.parameters = parameters
    }

    /// Largest label count and hidden size accepted from a head file (a hostile file decides no allocation).
    static let maxLabels = 100_000, maxHidden = 65_536

    /// The tensors as `transformers` names a classifier.
    var tensors: [(name: String, shape: [Int], values: [Float])] {
        let p = parameters, flat = p.flat
        var out: [(name: String, shape: [Int], values: [Float])] = [
            ("classifier.weight", [p.classes, p.input], Array(flat[p.weightOffset..<p.biasOffset])),
            ("classifier.bias", [p.classes], Array(flat[p.biasOffset...])),
        ]
        if p.kind == .mlp {
            out.append(("pre_classifier.weight", [p.hidden, p.features], Array(flat[0..<p.hiddenBiasOffset])))
            out.append(("pre_classifier.bias", [p.hidden], Array(flat[p.hiddenBiasOffset..<p.weightOffset])))
        }
        return out
    }

    /// Writes both files into a temporary sibling directory, then renames it over `directory` with SIGINT and
    /// SIGTERM blocked, so an interrupted run leaves the previous head (or none), never half of one.
    public func save(to directory: URL) throws {
        let manager = FileManager.default
        let target = directory.standardizedFileURL
        let pid = ProcessInfo.processInfo.processIdentifier
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(pid)")
        let old = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
        do {
            try? manager.removeItem(at: temporary)
            try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
            try SafeTensorsWriter.encode(tensors).write(to: temporary.appendingPathComponent("head.safetensors"))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(metadata).write(to: temporary.appendingPathComponent("head.json"))
        } catch {
            try? manager.removeItem(at: temporary)
            throw HeadLoadError("\(target.path): cannot write the head (\((error as NSError).localizedDescription))")
        }
        var blocked = sigset_t(), previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        sigaddset(&blocked, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if exists {
            guard isDirectory.boolValue else {
                try? manager.removeItem(at: temporary)
                throw HeadLoadError("\(target.path): exists and is not a directory")
            }
            let contents = (try? manager.contentsOfDirectory(atPath: target.path)) ?? []
            guard contents.allSatisfy({ $0 == "head.json" || $0 == "head.safetensors" }) else {
                try? manager.removeItem(at: temporary)
                throw HeadLoadError("\(target.path): exists and holds other files than a head; choose another --out")
            }
            try? manager.removeItem(at: old)
            try manager.moveItem(at: target, to: old)
        }
        try manager.moveItem(at: temporary, to: target)
        if exists { try? manager.removeItem(at: old) }
    }

    /// Reads and checks a head directory.
    public static func load(directory: URL) throws -> TrainedHead {
        let jsonURL = directory.appendingPathComponent("head.json")
        let weightsURL = directory.appendingPathComponent("head.safetensors")
        let metadata: HeadMetadata
        do {
            // A regular file only: a FIFO or a looping link is one error line, never a blocked read.
            let file = try MappedFile(url: jsonURL)
            metadata = try JSONDecoder().decode(HeadMetadata.self, from: withExtendedLifetime(file) { Data(file.bytes) })
        } catch let error as SafeTensorsError {
            throw HeadLoadError(error.description)
        } catch let error as DecodingError {
            throw HeadLoadError("\(jsonURL.path): not a bert-explorer head (\(Self.describe(error)))")
        } catch {
            throw HeadLoadError("\(jsonURL.path): cannot read (\((error as NSError).localizedDescription))")
        }
        guard metadata.format == "bert-explorer-head", metadata.version == 1 else {
            throw HeadLoadError("\(jsonURL.path): not a bert-explorer head (format \(TextEscaping.quoted(metadata.format)), version \(metadata.version))")
        }
        let classes = metadata.labels.count
        guard classes >= 2, classes <= maxLabels, Set(metadata.labels).count == classes else {
            throw HeadLoadError("\(jsonURL.path): labels must be 2 to \(maxLabels) distinct strings")
        }
        guard metadata.layer >= 0, metadata.hidden >= 0, metadata.hidden <= maxHidden else {
            throw HeadLoadError("\(jsonURL.path): layer \(metadata.layer) or hidden size \(metadata.hidden) out of range")
        }
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(url: weightsURL) } catch {
            throw HeadLoadError("\(weightsURL.path): \(error)")
        }
        guard let weight = file.tensors["classifier.weight"], weight.shape.count == 2, weight.shape[0] == classes,
              weight.shape[1] > 0, weight.shape[1] <= maxHidden else {
            throw HeadLoadError("\(weightsURL.path): classifier.weight must be [\(classes), features] for the \(classes) labels of head.json")
        }
        let kind = metadata.head
        let input = weight.shape[1]
        do {
            var flat: [Float] = []
            var features = input
            if kind == .mlp {
                guard metadata.hidden == input, let pre = file.tensors["pre_classifier.weight"], pre.shape.count == 2,
                      pre.shape[0] == input, pre.shape[1] > 0, pre.shape[1] <= maxHidden else {
                    throw HeadLoadError("\(weightsURL.path): pre_classifier.weight must be [\(metadata.hidden), features]")
                }
                features = pre.shape[1]
                flat += try FloatTensorReader.read(file, "pre_classifier.weight", shape: [input, features], source: weightsURL.path)
                flat += try FloatTensorReader.read(file, "pre_classifier.bias", shape: [input], source: weightsURL.path)
            }
            flat += try FloatTensorReader.read(file, "classifier.weight", shape: [classes, input], source: weightsURL.path)
            flat += try FloatTensorReader.read(file, "classifier.bias", shape: [classes], source: weightsURL.path)
            let parameters = HeadParameters(kind: kind, features: features, hidden: kind == .mlp ? input : 0, classes: classes, flat: flat)
            return TrainedHead(metadata: metadata, parameters: parameters)
        } catch let error as TrainingDataError {
            throw HeadLoadError(error.description)
        }
    }

    /// Throws unless the head was trained on an encoder with this fingerprint and shape.
    public func requireEncoder(name: String, fingerprint: EncoderFingerprint, hiddenSize: Int, layers: Int,
                               directory: URL) throws {
        let json = directory.appendingPathComponent("head.json").path
        guard fingerprint.matches(metadata.encoderFingerprint) else {
            throw HeadLoadError("\(json): trained on encoder \(TextEscaping.quoted(metadata.encoderName)) (fingerprint \(TextEscaping.plain(metadata.encoderFingerprint))), but the model is \(TextEscaping.quoted(name)) (fingerprint \(fingerprint)); train the head on this model")
        }
        guard parameters.features == hiddenSize, metadata.layer <= layers else {
            throw HeadLoadError("\(json): reads layer \(metadata.layer) with \(parameters.features) features; the model has \(layers) layers of \(hiddenSize)")
        }
    }

    /// Probabilities (softmax of the logits) for feature rows.
    public func predict(_ rows: [Float]) -> (logits: [Float], probabilities: [Float]) {
        let count = rows.count / parameters.features
        let logits = rows.withUnsafeBufferPointer { parameters.logits($0.baseAddress!, rows: count) }
        var probabilities = logits
        HeadParameters.softmax(&probabilities, classes: parameters.classes)
        return (logits, probabilities)
    }

    /// `predict` cut into one `Classification` per feature row.
    public func classifications(_ rows: [Float]) -> [Classification] {
        let (logits, probabilities) = predict(rows)
        let c = parameters.classes
        return (0..<(logits.count / c)).map { row in
            Classification(logits: Array(logits[(row * c)..<((row + 1) * c)]),
                           probabilities: Array(probabilities[(row * c)..<((row + 1) * c)]))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "missing \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "invalid JSON" : "bad value at \(path)"
        @unknown default: return "invalid"
        }
    }
}

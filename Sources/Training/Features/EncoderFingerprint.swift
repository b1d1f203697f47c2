import Encoder
import Foundation
import SafeText

/// The fingerprint of an encoder: a content hash of its `model.safetensors` (memory-mapped, so hashing a large
/// checkpoint reads it once without copying), which a trained head records and is checked against. Hashed on
/// first use, and only the way a check needs.
public final class EncoderFingerprint: @unchecked Sendable, CustomStringConvertible {
    /// The weights it is taken from.
    public let weights: URL
    private let lock = NSLock()
    private var computed: String?

    /// `value`, when given, is taken as the fingerprint of `weights` without hashing them.
    public init(weights: URL, value: String? = nil) {
        self.weights = weights
        computed = value
    }

    public static func of(directory: URL) -> EncoderFingerprint {
        EncoderFingerprint(weights: directory.appendingPathComponent("model.safetensors"))
    }

    /// `w` and 16 hex digits (`ContentHash.laneHex` of the weights).
    public func value() throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let computed { return computed }
        let value = "w" + (try Self.hash(weights, ContentHash.laneHex))
        computed = value
        return value
    }

    public var description: String { (try? value()) ?? "unreadable" }

    /// True when `recorded` (a head's) names these weights: this fingerprint, or the one heads recorded before it
    /// (`ContentHash.hex`, 16 hex digits, one chain of multiplies and so slower), each computed only for such a head.
    public func matches(_ recorded: String) -> Bool {
        if HexDigits.isLowercase(recorded, count: 16) { return (try? Self.hash(weights, ContentHash.hex)) == recorded }
        return (try? value()) == recorded
    }

    private static func hash(_ url: URL, _ function: (UnsafeRawBufferPointer) -> String) throws -> String {
        // MappedFile refuses a FIFO or directory instead of blocking on it.
        do {
            let file = try MappedFile(url: url)
            return withExtendedLifetime(file) { function(file.bytes) }
        } catch {
            throw TrainingDataError(file: url.path, "cannot read the weights (\(error))")
        }
    }
}

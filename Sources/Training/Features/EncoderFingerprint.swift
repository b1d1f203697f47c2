import Encoder
import Foundation

/// The fingerprint of an encoder: the content hash of its `model.safetensors` (memory-mapped, so hashing a
/// large checkpoint reads it once without copying).
public enum EncoderFingerprint {
    public static func of(directory: URL) throws -> String {
        let url = directory.appendingPathComponent("model.safetensors")
        // MappedFile refuses a FIFO or directory instead of blocking on it.
        do {
            let file = try MappedFile(url: url)
            return withExtendedLifetime(file) { ContentHash.hex(file.bytes) }
        } catch {
            throw TrainingDataError(file: url.path, "cannot read the weights (\(error))")
        }
    }
}

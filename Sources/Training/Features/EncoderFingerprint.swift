import Foundation

/// The fingerprint of an encoder: the content hash of its `model.safetensors` (memory-mapped, so hashing a
/// large checkpoint reads it once without copying).
public enum EncoderFingerprint {
    public static func of(directory: URL) throws -> String {
        let url = directory.appendingPathComponent("model.safetensors")
        do {
            let data = try Data(contentsOf: url, options: .alwaysMapped)
            return data.withUnsafeBytes { ContentHash.hex($0) }
        } catch {
            throw TrainingDataError(file: url.path, "cannot read the weights (\((error as NSError).localizedDescription))")
        }
    }
}

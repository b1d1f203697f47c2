import Foundation

/// A fake hub repo: its id, commit and files (bytes, git oid, sha256 for LFS files), read from the manifest the
/// fixture script wrote (`Tests/Fixtures/hub/manifest.json`, files under `repo/`).
public struct HubFixtureRepo: Sendable {
    public struct File: Sendable {
        public let path: String
        public let data: Data
        public let oid: String
        /// Set for LFS files: served through a redirect with `X-Linked-Etag`.
        public let sha256: String?
    }

    public let repo: String
    public let commit: String
    public var files: [File]
    /// What huggingface_hub wrote for the needed files: path under the repo folder -> `-> target` or `sha256 X`.
    public let huggingFaceTree: [String: String]
    public let needed: [String]

    public static func load(_ manifest: URL = Fixtures.url("hub/manifest.json")) throws -> HubFixtureRepo {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as! [String: Any]
        let folder = manifest.deletingLastPathComponent().appendingPathComponent("repo")
        let files = try (object["files"] as! [[String: Any]]).map { entry -> File in
            let path = entry["path"] as! String
            return File(path: path, data: try Data(contentsOf: folder.appendingPathComponent(path)),
                        oid: entry["oid"] as! String, sha256: entry["sha256"] as? String)
        }
        return HubFixtureRepo(repo: object["repo"] as! String, commit: object["commit"] as! String, files: files,
                              huggingFaceTree: object["hf_cache_tree"] as! [String: String],
                              needed: object["needed"] as! [String])
    }

    public func file(_ path: String) -> File? { files.first { $0.path == path } }
}

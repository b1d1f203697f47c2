import Foundation
import ModelHub

/// A cache repo folder as the fixture script lists it: path -> `-> symlink target` or `sha256 <hex>`, without
/// `trees/` (huggingface_hub's tree-listing cache, which bert-explorer does not write).
enum CacheTree {
    static func listing(_ folder: URL) throws -> [String: String] {
        let fm = FileManager.default
        var result: [String: String] = [:]
        var pending = [""]
        while let relative = pending.popLast() {
            let directory = relative.isEmpty ? folder : folder.appendingPathComponent(relative)
            for name in try fm.contentsOfDirectory(atPath: directory.path) {
                let path = relative.isEmpty ? name : relative + "/" + name
                if path == "trees" { continue }
                let full = folder.appendingPathComponent(path).path
                if let target = try? fm.destinationOfSymbolicLink(atPath: full) {
                    result[path] = "-> " + target
                    continue
                }
                var isDirectory: ObjCBool = false
                _ = fm.fileExists(atPath: full, isDirectory: &isDirectory)
                if isDirectory.boolValue { pending.append(path); continue }
                var hasher = SHA256()
                hasher.update(Array(try Data(contentsOf: URL(fileURLWithPath: full))))
                result[path] = "sha256 " + hasher.finalizeHex()
            }
        }
        return result
    }
}

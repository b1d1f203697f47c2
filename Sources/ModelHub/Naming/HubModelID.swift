import SafeText

/// A Hugging Face model id as typed after `--model`: `NAME` or `ORG/NAME`, optionally `@REVISION` (a branch,
/// tag or commit).
///
/// Ids are validated as the hub validates them (letters, digits, `-`, `_`, `.`; no `--` or `..`), and a
/// revision may not climb out of `refs/`, so neither can name a path outside the cache.
public struct HubModelID: Sendable, Equatable, CustomStringConvertible {
    public static let defaultRevision = "main"
    /// `NAME` or `ORG/NAME`.
    public let repo: String
    /// The revision asked for, or nil for the default branch.
    public let requestedRevision: String?

    public init(repo: String, revision: String? = nil) throws {
        guard Self.isValidRepo(repo) else {
            throw HubError("\(HubText.quoted(repo)) is not a Hugging Face model id (NAME or ORG/NAME)")
        }
        if let revision {
            guard Self.isValidRevision(revision) else {
                throw HubError("\(HubText.quoted(revision)) is not a valid revision for \(repo)")
            }
        }
        self.repo = repo
        self.requestedRevision = revision
    }

    /// Parses `NAME`, `ORG/NAME`, `NAME@REV` or `ORG/NAME@REV`; nil when `text` is not shaped like an id.
    public init?(parsing text: String) {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let revision = parts.count == 2 ? String(parts[1]) : nil
        guard let id = try? HubModelID(repo: String(parts[0]), revision: revision) else { return nil }
        self = id
    }

    public var revision: String { requestedRevision ?? Self.defaultRevision }

    /// The cache folder name `models--ORG--NAME`.
    public var cacheFolderName: String { "models--" + repo.split(separator: "/").joined(separator: "--") }

    public var description: String { requestedRevision.map { "\(repo)@\($0)" } ?? repo }

    /// True for a full 40-hex-digit commit hash (no `refs/` entry is written for one).
    public static func isCommitHash(_ text: String) -> Bool {
        HexDigits.isLowercase(text, count: 40)
    }

    static func isValidRepo(_ repo: String) -> Bool {
        let parts = repo.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !repo.contains("--"), !repo.contains("..") else { return false }
        return parts.allSatisfy { part in
            guard (1...96).contains(part.utf8.count), let first = part.utf8.first, let last = part.utf8.last,
                  isWordByte(first), isWordByte(last) else { return false }
            return part.utf8.allSatisfy { isWordByte($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
        }
    }

    /// Branch and tag names may hold `/` (`refs/pr/1`), but no empty, `.` or `..` component.
    static func isValidRevision(_ revision: String) -> Bool {
        guard (1...255).contains(revision.utf8.count) else { return false }
        let allowed = revision.utf8.allSatisfy {
            isWordByte($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "/")
        }
        return allowed && revision.split(separator: "/", omittingEmptySubsequences: false)
            .allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == UInt8(ascii: "_")
    }
}

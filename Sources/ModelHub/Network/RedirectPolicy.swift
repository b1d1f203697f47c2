import Foundation

/// Which redirects a request follows: a metadata request follows only those within the hub's origin (a renamed
/// repo), as `huggingface_hub` does, so the hub's own headers (`X-Linked-Etag`, `X-Repo-Commit`) are read
/// before a CDN's; a download follows all.
enum RedirectPolicy: Sendable {
    case none, sameOrigin, all

    func follows(from source: URL, to target: URL) -> Bool {
        switch self {
        case .none: return false
        case .sameOrigin:
            return source.scheme?.lowercased() == target.scheme?.lowercased()
                && source.host?.lowercased() == target.host?.lowercased() && source.port == target.port
        case .all: return true
        }
    }
}

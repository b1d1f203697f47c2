/// Which redirects a request follows: a metadata request follows only those within the hub's origin (a renamed
/// repo), as `huggingface_hub` does, so the hub's own headers (`X-Linked-Etag`, `X-Repo-Commit`) are read
/// before a CDN's; a download follows all.
enum RedirectPolicy: Sendable {
    case none, sameOrigin, all
}

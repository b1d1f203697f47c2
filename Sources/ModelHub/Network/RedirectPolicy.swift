/// Which redirects a request follows: a metadata request follows only relative ones (a renamed repo) so the
/// hub's own headers (`X-Linked-Etag`, `X-Repo-Commit`) are read before the CDN's; a download follows all.
enum RedirectPolicy: Sendable {
    case none, relativeOnly, all
}

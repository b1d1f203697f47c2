/// Receives a download's progress: one `start`, any number of `advance`, one `finish` per file.
public protocol DownloadProgress: AnyObject, Sendable {
    func start(file: String, total: Int64?, alreadyDone: Int64)
    func advance(by bytes: Int)
    func finish()
}

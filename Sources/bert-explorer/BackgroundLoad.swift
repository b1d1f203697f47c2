import Dispatch

/// Work started on another thread at once (loading the tokenizer while the model loads on this one), whose
/// result `value()` waits for.
final class BackgroundLoad<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the worker before `done` is signalled, read only after waiting for it.
    private var result: Result<Value, any Error>?

    init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = Result { try work() }
            self.done.signal()
        }
    }

    /// The work's value, or its error; waits for it to finish (call once).
    func value() throws -> Value {
        done.wait()
        return try result!.get()
    }
}

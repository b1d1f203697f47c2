import Encoder
import Foundation
import WordPiece

/// Head statistics over a corpus, one sentence (or `A ||| B` pair) per line, computed on several threads.
///
/// Each thread takes the next lines until their tokens fill a stack (`BertModel.stackRows`), runs the encoder
/// on them as one stack and adds each sentence to its own `HeadStatistics`; the per-thread sums merge at the
/// end. Only one stack of lines per thread is held at a time, so memory does not grow with the corpus.
public enum CorpusStatistics {
    /// The separator of a pair on one line.
    public static let pairSeparator = "|||"
    /// Only the attention is read: hidden states are neither copied nor kept.
    static let capture = CaptureOptions(attentions: true, hiddenStates: .none)

    /// Runs the corpus. `next` returns the following line (nil at the end) and is only ever called by one thread
    /// at a time; `progress(done)` is called (also one thread at a time) after each sentence. Blank lines are
    /// skipped. The first error (an encoder failure) stops every thread and is rethrown.
    public static func compute(model: BertModel, tokenizer: BertTokenizer, threads: Int,
                               next: @escaping () -> String?,
                               progress: @escaping (Int) -> Void = { _ in }) throws -> HeadStatistics {
        let shared = Shared(layers: model.config.layers, heads: model.config.heads, next: next, progress: progress)
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { _ in
            var local = HeadStatistics(layers: model.config.layers, heads: model.config.heads)
            while true {
                // Lines are gathered until their tokens fill a stack: short sentences take less time a sentence
                // stacked.
                var encodings: [Encoding] = []
                var rows = 0
                while rows < BertModel.stackRows {
                    shared.lock.lock()
                    let line = shared.failure == nil ? shared.next() : nil
                    shared.lock.unlock()
                    guard let line else { break }
                    guard let (text, pair) = split(line) else { continue }
                    let encoding = tokenizer.encode(text, pair: pair, modelPositions: model.config.maxPositions)
                    encodings.append(encoding)
                    rows += encoding.count
                }
                if encodings.isEmpty { break }
                do {
                    let outputs = try model.forward(stack: encodings.map { (ids: $0.ids, segments: $0.segments) },
                                                    capture: capture)
                    for (encoding, output) in zip(encodings, outputs) {
                        local.add(output, roles: TokenRoles(tokens: encoding.tokens))
                    }
                } catch {
                    shared.lock.lock()
                    if shared.failure == nil { shared.failure = error }
                    shared.lock.unlock()
                    break
                }
                shared.lock.lock()
                shared.done += encodings.count
                shared.progress(shared.done)
                shared.lock.unlock()
            }
            shared.lock.lock()
            shared.total.merge(local)
            shared.lock.unlock()
        }
        if let failure = shared.failure { throw failure }
        return shared.total
    }

    /// A line as a sentence or a pair (`A ||| B`, trimmed); nil for a blank line.
    public static func split(_ line: String) -> (String, String?)? {
        guard let range = line.range(of: pairSeparator) else {
            return line.allSatisfy(\.isWhitespace) ? nil : (line, nil)
        }
        let first = line[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        let second = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
        return (first, second)
    }

    /// State the threads share, always accessed under `lock` (which is what makes the caller's closures,
    /// not themselves thread-safe, safe to call from any thread).
    private final class Shared: @unchecked Sendable {
        let lock = NSLock()
        let next: () -> String?
        let progress: (Int) -> Void
        var total: HeadStatistics
        var failure: Error?
        var done = 0
        init(layers: Int, heads: Int, next: @escaping () -> String?, progress: @escaping (Int) -> Void) {
            total = HeadStatistics(layers: layers, heads: heads)
            self.next = next
            self.progress = progress
        }
    }
}

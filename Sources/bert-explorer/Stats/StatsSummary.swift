import Foundation

/// What a `stats` run did: the first line of its text output, fields of its JSON, standard error after CSV.
struct StatsSummary {
    let model: String, sentences: Int, tokens: Int, seconds: Double, cpuSeconds: Double, threads: Int

    var rate: Double { seconds > 0 ? Double(sentences) / seconds : 0 }

    var line: String {
        "\(TokenTable.printable(model)) · \(sentences) sentences · \(tokens) tokens · "
            + String(format: "%.2f s (CPU %.2f s) · %.1f sentences/s · %d threads", seconds, cpuSeconds, rate, threads)
    }
}

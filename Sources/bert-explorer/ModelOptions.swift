import ArgumentParser
import Encoder
import Foundation

/// `--model PATH`, shared by every subcommand.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Model directory or Hugging Face cache name (default: the bundled all-MiniLM-L6-v2).")
    var model: String?

    /// The resolved model directory.
    func directory() throws -> URL {
        do {
            return try ModelLocator().locate(model)
        } catch let error as ModelLocatorError {
            throw CommandFailure(error.description)
        }
    }
}

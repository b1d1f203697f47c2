import ArgumentParser
import Foundation
import ModelHub

/// `--model PATH|NAME|ORG/NAME[@REVISION]`, shared by every subcommand.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Model directory, or Hugging Face id NAME or ORG/NAME[@REVISION]: taken from the cache or downloaded (default: the bundled all-MiniLM-L6-v2).")
    var model: String?

    /// The resolved model directory; a hub model is downloaded first, with a progress bar when standard error
    /// is a terminal.
    func directory() throws -> URL {
        do {
            return try ModelLocator(progress: ProgressBar.standardError()).locate(model)
        } catch let error as ModelLocatorError {
            throw CommandFailure(error.description)
        }
    }
}

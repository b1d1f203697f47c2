import Foundation

/// Paths to committed fixtures and to the bundled model, independent of the working directory.
public enum Fixtures {
    /// The checkout root (this file is `Tests/TestSupport/Fixtures.swift`).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures/<relative>`.
    public static func url(_ relative: String) -> URL {
        root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relative)
    }

    /// The bundled all-MiniLM-L6-v2 model directory.
    public static let bundledModel: URL = root.appendingPathComponent("Samples/models/all-MiniLM-L6-v2")
}

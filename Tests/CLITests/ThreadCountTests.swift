import Foundation
import TestSupport
import XCTest

/// The encoder's output does not depend on how its products are split over threads: at 8 threads a long input's
/// narrow products (12 panels of the bundled model's 384 columns, fewer than the 32 pieces wanted) are split by
/// rows as well as columns, which must give the same floats as one thread.
final class ThreadCountTests: XCTestCase {
    func testRowAndColumnSplitsGiveTheSameOutputAsOneThread() throws {
        let text = Array(repeating: "the cat sat on the mat", count: 30).joined(separator: " ")
        let arguments = ["inspect", "--hidden-states", "--layers", "5", "--heads", "0", text]
        for kernel in ["avx512", "amx"] {
            var outputs: [String] = []
            for threads in ["1", "8"] {
                var environment = ProcessInfo.processInfo.environment
                environment["BERT_EXPLORER_THREADS"] = threads
                environment["BERT_EXPLORER_KERNEL"] = kernel
                let result = try BuiltBinary.run(arguments, environment: environment)
                XCTAssertEqual(result.status, 0, result.stderr)
                outputs.append(result.stdout)
            }
            XCTAssertGreaterThan(outputs[0].count, 100_000, "182 tokens × 384 hidden values")
            // Compared whole, without printing two large JSON documents on failure.
            XCTAssertTrue(outputs[0] == outputs[1], "\(kernel): 8 threads differ from 1")
        }
    }
}

import Analysis
import XCTest

final class AnalysisModuleTests: XCTestCase {}

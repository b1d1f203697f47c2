import Explorer
import XCTest

final class ExplorerModuleTests: XCTestCase {}

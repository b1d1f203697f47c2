import WordPiece
import XCTest

final class WordPieceModuleTests: XCTestCase {}

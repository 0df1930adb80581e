import XCTest
@testable import Store

/// The dataset that ships in `Resources/dataset` must always pass `parley check`, and with the
/// corpus beside the checkout (`../shared/corpus`, as in CI) every quote must be verbatim.
final class BundledDatasetTests: XCTestCase {
    private let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testBundledDatasetIsValid() throws {
        let corpus = package.deletingLastPathComponent().appendingPathComponent("shared/corpus").path
        let hasCorpus = FileManager.default.fileExists(atPath: corpus + "/README.md")
        let dataset = try Dataset.load(directory: package.appendingPathComponent("Resources/dataset").path, corpusDirectory: hasCorpus ? corpus : nil)
        XCTAssertFalse(dataset.records(in: "talks").isEmpty)
        XCTAssertEqual(dataset.records(in: "sources").count, 5, "one source record per corpus document")
    }
}

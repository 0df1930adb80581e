import XCTest
@testable import Store

/// The dataset that ships in `Resources/dataset` must always pass `parley check`, and with the
/// corpus beside the checkout (`../shared/corpus`, as in CI) every quote must be verbatim.
final class BundledDatasetTests: XCTestCase {
    private let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    private var dataset: String { package.appendingPathComponent("Resources/dataset").path }

    func testBundledDatasetIsValid() throws {
        let dataset = try Dataset.load(directory: dataset)
        XCTAssertFalse(dataset.records(in: "talks").isEmpty)
        XCTAssertEqual(dataset.records(in: "sources").count, 5, "one source record per corpus document")
    }

    func testEveryQuoteOfTheBundledDatasetIsInTheCorpus() throws {
        let corpus = package.deletingLastPathComponent().appendingPathComponent("shared/corpus").path
        try XCTSkipUnless(
            FileManager.default.fileExists(atPath: corpus + "/README.md"),
            "needs the corpus at \(corpus) (CI has it; the dataset itself is checked by testBundledDatasetIsValid)")
        XCTAssertNoThrow(try Dataset.load(directory: dataset, corpusDirectory: corpus))
    }
}

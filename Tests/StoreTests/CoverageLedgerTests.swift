import XCTest
@testable import Store

/// `parley check --coverage`: every content line of the corpus is cited or explained, and the
/// ledger of explanations stays true.
final class CoverageLedgerTests: XCTestCase {
    /// The fixture dataset with its source record citing line 2 instead of line 1, so that line 1
    /// (the fixture's title line) is cited by no record.
    private func datasetLeavingLineOneUncited(ledger: String?) throws -> String {
        let directory = try Fixtures.datasetCopy(editing: "sources.json") {
            $0.replacingOccurrences(of: "\"lines\": [1, 1]", with: "\"lines\": [2, 2]")
        }
        if let ledger { try ledger.write(toFile: directory + "/uncited.json", atomically: true, encoding: .utf8) }
        return directory
    }

    private func report(_ directory: String) throws -> CoverageLedger.Report {
        let dataset = try Dataset.load(directory: directory, corpusDirectory: Fixtures.corpus)
        let reports = try CoverageLedger.load(directory: directory).reports(
            for: dataset, corpusDirectory: Fixtures.corpus)
        return try XCTUnwrap(reports.first { $0.source == "fixture-source" })
    }

    func testEveryLineOfTheFixtureIsCited() throws {
        let report = try report(Fixtures.dataset)
        XCTAssertEqual(report.contentLines, 6)
        XCTAssertEqual(report.cited, 6)
        XCTAssertTrue(report.complete)
    }

    func testALineNeitherCitedNorExplainedFailsCoverage() throws {
        let directory = try datasetLeavingLineOneUncited(ledger: nil)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let report = try report(directory)
        XCTAssertEqual(report.missing, [1])
        XCTAssertFalse(report.complete)
    }

    func testAnExplainedLineCountsAsCovered() throws {
        let directory = try datasetLeavingLineOneUncited(
            ledger: #"[{"source": "fixture-source", "lines": [1, 1], "reason": "title of the text"}]"#)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let report = try report(directory)
        XCTAssertEqual(report.explained, 1)
        XCTAssertTrue(report.complete)
        XCTAssertNoThrow(try Dataset.load(directory: directory), "uncited.json is not taken for a collection")
    }

    func testExplainingACitedLineIsStale() throws {
        let directory = try datasetLeavingLineOneUncited(
            ledger: #"[{"source": "fixture-source", "lines": [1, 2], "reason": "title"}]"#)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        XCTAssertEqual(try report(directory).stale, [2], "line 2 is cited, so the ledger must not explain it away")
    }

    func testMalformedLedgerEntriesAreRejected() throws {
        for ledger in [
            #"{"source": "fixture-source"}"#, #"[{"source": "fixture-source", "lines": [3, 1], "reason": "x"}]"#,
            #"[{"source": "fixture-source", "lines": [1, 1], "reason": " "}]"#,
            #"[{"source": "fixture-source", "lines": [1, 1], "reason": "x", "note": "extra"}]"#,
        ] {
            let directory = try datasetLeavingLineOneUncited(ledger: ledger)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            XCTAssertThrowsError(try CoverageLedger.load(directory: directory), ledger)
        }
        let directory = try datasetLeavingLineOneUncited(
            ledger: #"[{"source": "no-such-source", "lines": [1, 1], "reason": "x"}]"#)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        XCTAssertThrowsError(try report(directory), "a ledger entry for an unknown source")
    }
}

import XCTest
@testable import Store

/// `parley check`'s rules: each broken dataset fails with a message naming the record.
final class DatasetValidationTests: XCTestCase {
    private func issues(editing file: String, _ transform: (String) -> String, corpus: Bool = false) throws -> [String]
    {
        let directory = try Fixtures.datasetCopy(editing: file, transform)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            _ = try Dataset.load(directory: directory, corpusDirectory: corpus ? Fixtures.corpus : nil)
            return []
        } catch let error as DatasetValidationError {
            return error.issues.map(\.description)
        }
    }

    func testFixtureDatasetIsValidWithItsCorpus() throws {
        let dataset = try Dataset.load(directory: Fixtures.dataset, corpusDirectory: Fixtures.corpus)
        XCTAssertEqual(
            dataset.records(in: "talks").map(\.id),
            ["astana-1", "astana-2", "geneva-2012", "geneva-4", "sochi-congress"])
    }

    func testBrokenReferenceNamesTheRecordAndField() throws {
        let found = try issues(editing: "talks.json") {
            $0.replacingOccurrences(of: "\"process\": \"geneva\"", with: "\"process\": \"genva\"")
        }
        XCTAssertTrue(
            found.contains { $0.hasPrefix("talks/geneva-2012 process: no processes record has the id genva") },
            "\(found)")
    }

    func testUncitedRecordIsRejected() throws {
        let found = try issues(editing: "talks.json") {
            $0.replacingOccurrences(
                of: "\"sources\": [{\"source\": \"fixture-source\", \"lines\": [3, 3]}]", with: "\"sources\": []")
        }
        XCTAssertEqual(found, ["talks/astana-2 sources: every record must cite at least one source"])
    }

    func testLineRangeOutsideTheSourceIsRejected() throws {
        let found = try issues(editing: "talks.json") {
            $0.replacingOccurrences(of: "\"lines\": [6, 6]", with: "\"lines\": [6, 9]")
        }
        XCTAssertEqual(found, ["talks/sochi-congress sources[0]: cites lines 6-9 but fixture-source has 6 lines"])
    }

    func testWrongQuoteIsRejectedOnlyWithTheCorpus() throws {
        let edit: (String) -> String = {
            $0.replacingOccurrences(of: "met on 23 and 24 January 2017", with: "met on 25 January 2017")
        }
        XCTAssertEqual(try issues(editing: "talks.json", edit), [])
        let found = try issues(editing: "talks.json", edit, corpus: true)
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(
            found[0].hasPrefix("talks/astana-1 sources[0].quote: quote not found in fixture-source lines 2-2"), found[0]
        )
    }

    func testTypeErrorsUnknownFieldsAndDuplicateIds() throws {
        let found = try issues(editing: "talks.json") {
            $0.replacingOccurrences(of: "\"round\": 2,", with: "\"round\": \"two\", \"venue\": \"x\",")
                .replacingOccurrences(of: "\"id\": \"geneva-2012\"", with: "\"id\": \"geneva-4\"")
        }
        XCTAssertTrue(found.contains("talks/astana-2 round: expected an integer, found string"), "\(found)")
        XCTAssertTrue(found.contains { $0.hasPrefix("talks/astana-2 venue: unknown field") }, "\(found)")
        XCTAssertTrue(found.contains("talks/geneva-4: duplicate id"), "\(found)")
    }

    func testDatePrecisionMustMatchTheDateAndSpansRunForward() throws {
        let found = try issues(editing: "talks.json") {
            $0.replacingOccurrences(
                of: "\"start_date\": \"2017-02\", \"end_date\": null,\n   \"date_precision\": \"month\"",
                with: "\"start_date\": \"2017-02\", \"end_date\": \"2017-01-05\",\n   \"date_precision\": \"day\"")
        }
        XCTAssertTrue(
            found.contains("talks/astana-2 date_precision: is day but start_date 2017-02 has month precision"),
            "\(found)")
        XCTAssertTrue(
            found.contains("talks/astana-2 end_date: ends (2017-01-05) before it starts (2017-02)"), "\(found)")
    }

    func testMalformedJSONReportsTheLine() throws {
        let found = try issues(editing: "actors.json") {
            $0.replacingOccurrences(of: "\"kind\": \"person\",", with: "\"kind\": \"person\"")
        }
        XCTAssertTrue(found.contains { $0.contains("actors.json is not valid JSON: line 4") }, "\(found)")
    }

    func testUnknownFileInTheDatasetFolderIsAnError() throws {
        let directory = try Fixtures.datasetCopy()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "[]".write(toFile: directory + "/talk.json", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Dataset.load(directory: directory))
    }

    func testPartialDatesCoverTheirSpan() {
        XCTAssertEqual(PartialDate("2016-02")?.upperBound, "2016-02-29")
        XCTAssertEqual(PartialDate("2015")?.lowerBound, "2015-01-01")
        XCTAssertNil(PartialDate("2015-02-29"))
        XCTAssertNil(PartialDate("2015-13"))
        XCTAssertNil(PartialDate("15-01-01"))
    }

    func testPreviousIdsMustBeFreeSlugsLeadingToOneRecord() throws {
        let taken = try issues(editing: "talks.json") {
            $0.replacingOccurrences(
                of: #""previous_ids": ["astana-february-2017"]"#, with: #""previous_ids": ["astana-1"]"#)
        }
        XCTAssertTrue(
            taken.contains { $0.contains("talks/astana-2 previous_ids[0]: astana-1 is the id of a current record") },
            "\(taken)")
        let twice = try issues(editing: "talks.json") {
            $0.replacingOccurrences(
                of: #""summary": "The first round.","#,
                with: #""summary": "The first round.", "previous_ids": ["astana-february-2017"],"#)
        }
        XCTAssertTrue(twice.contains { $0.contains("is also a previous id of") }, "\(twice)")
        let notSlug = try issues(editing: "talks.json") {
            $0.replacingOccurrences(of: #"["astana-february-2017"]"#, with: #"["Astana Feb"]"#)
        }
        XCTAssertTrue(notSlug.contains { $0.contains("Astana Feb is not a slug") }, "\(notSlug)")
    }

    func testTalkStatusIsAClosedSetAndHeldTalksHaveNoAnnouncement() throws {
        let unknown = try issues(editing: "talks.json") {
            $0.replacingOccurrences(of: #""status": "planned""#, with: #""status": "rumoured""#)
        }
        XCTAssertTrue(
            unknown.contains {
                $0.contains("talks/sochi-congress status: expected one of held, planned, postponed, cancelled")
            }, "\(unknown)")
        let announced = try issues(editing: "talks.json") {
            $0.replacingOccurrences(
                of: #""round": 1, "status": "held","#,
                with: #""round": 1, "status": "held", "status_announced": "2017-01-01","#)
        }
        XCTAssertTrue(
            announced.contains {
                $0.contains("talks/astana-1 status_announced: is for planned, postponed or cancelled talks")
            }, "\(announced)")
    }
}

import Foundation
import XCTest

@testable import Store

/// Releases and the change feed: the hashes a manifest keeps, the feed between a release and the
/// dataset, and what `parley build` refuses.
final class ReleaseTests: XCTestCase {
    /// A hand-written release of the fixture dataset (see its note): one of each kind of change.
    static let scenario = Fixtures.root + "/releases-scenario"

    func testCanonicalTextSortsMembersAndKeepsNumbersAsWritten() throws {
        let value = try JSONParser.parse(#"{"b":1,"a":["x\n\u0001",null,true,2.50],"é":{}}"#)
        var bytes: [UInt8] = []
        RecordDigest.canonical(value, into: &bytes)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), #"{"a":["x\n\u0001",null,true,2.50],"b":1,"é":{}}"#)
        // The same value as Tests/Releases/sync.py's independent implementation computes it.
        XCTAssertEqual(RecordDigest.hash(value, length: 16), "6cbaf265505049f6")
    }

    func testADigestHasAFieldHashPerMemberButIdAndNamesWhatChanged() throws {
        let old = try XCTUnwrap(
            RecordDigest(collection: "talks", record: try JSONParser.parse(#"{"id":"a","title":"A","round":1}"#)))
        let new = try XCTUnwrap(
            RecordDigest(
                collection: "talks", record: try JSONParser.parse(#"{"round":1,"title":"B","status":null,"id":"a"}"#)))
        XCTAssertEqual(Set(old.fields.keys), ["title", "round"])
        XCTAssertEqual(old.changedFields(to: new), ["status", "title"])
        XCTAssertNotEqual(old.hash, new.hash)
        XCTAssertNil(RecordDigest(collection: "talks", record: .object([])))
    }

    /// The store hashes validated records, `parley release` the files as written: the same hashes.
    func testDigestsOfTheValidatedRecordsEqualThoseOfTheFiles() throws {
        for directory in [Fixtures.dataset, Fixtures.root + "/../../Resources/dataset"] {
            let dataset = try Dataset.load(directory: directory)
            let fromFiles = try ReleaseManifest.digests(ofDatasetAt: directory)
            XCTAssertEqual(dataset.digests, fromFiles, directory)
            XCTAssertEqual(fromFiles.count, dataset.counts.map(\.1).reduce(0, +))
        }
    }

    func testAManifestFileReadsBackAsWritten() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let dataset = try Dataset.load(directory: Fixtures.dataset)
        let manifest = ReleaseManifest(
            version: dataset.version, date: "2026-12-04T18:14:08Z", commit: nil, schema: DatasetSchema.version,
            note: "a \"quoted\" note", records: dataset.digests)
        let path = directory + "/\(dataset.version).json"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(manifest.fileText())))
        let read = try ReleaseManifest.read(path: path, expectedVersion: dataset.version)
        XCTAssertEqual(read.records, manifest.records)
        XCTAssertEqual(read.note, manifest.note)
        XCTAssertEqual(read.counts.map(\.1), dataset.counts.map(\.1))
        XCTAssertThrowsError(try ReleaseManifest.read(path: path, expectedVersion: "0123456789ab"))
    }

    func testTheFeedFromAReleaseHasEachKindInFeedOrder() throws {
        let dataset = try Dataset.load(directory: Fixtures.dataset)
        let feed = try dataset.changeFeed(history: try ReleaseHistory.load(directory: Self.scenario))
        let entries = try XCTUnwrap(feed.entries["aaaaaaaaaaaa"])
        XCTAssertEqual(
            entries.map { "\($0.kind.rawValue) \($0.collection)/\($0.id)" },
            ["renamed talks/astana-2", "changed talks/geneva-4", "added talks/sochi-congress", "removed actors/ghost"])
        XCTAssertEqual(entries[0].previousID, "astana-february-2017")
        XCTAssertEqual(entries[0].fields, ["previous_ids"])
        XCTAssertEqual(entries[1].fields, ["title"])
        XCTAssertNil(entries[2].fields)
        XCTAssertEqual(entries[3].tombstone?.reason, .unsupported)
        // No release after the scenario's lacks the ghost, so the dataset being built removed it.
        XCTAssertEqual(entries[3].removedIn, dataset.version)
    }

    func testBuildRefusesAReleasedVersionWhoseContentDiffers() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let dataset = try Dataset.load(directory: Fixtures.dataset)
        func release(_ records: [RecordDigest]) throws -> ReleaseHistory {
            let manifest = ReleaseManifest(
                version: dataset.version, date: "2026-12-04T18:14:08Z", commit: nil, schema: DatasetSchema.version,
                note: nil, records: records)
            try Data(manifest.fileText()).write(to: URL(fileURLWithPath: directory + "/\(dataset.version).json"))
            return try ReleaseHistory.load(directory: directory)
        }
        // The manifest of exactly this dataset: it builds, and nothing changed since that release.
        let feed = try dataset.changeFeed(history: try release(dataset.digests))
        XCTAssertEqual(feed.entries[dataset.version], [])

        var edited = dataset.digests
        let first = edited[0]
        var fields = first.fields
        fields["summary"] = "00000000"
        edited[0] = RecordDigest(collection: first.collection, id: first.id, hash: "0000000000000000", fields: fields)
        let history = try release(edited)
        XCTAssertThrowsError(try StoreBuilder.build(dataset, releases: history, to: directory + "/store.sqlite")) {
            let message = ($0 as? StoreError)?.message ?? ""
            XCTAssertTrue(message.contains("A released version cannot change"), message)
            XCTAssertTrue(message.contains("\(first.collection)/\(first.id) (fields summary)"), message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/store.sqlite"))
    }

    func testARecordGoneWithoutATraceIsRefused() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(
            atPath: Self.scenario + "/aaaaaaaaaaaa.json", toPath: directory + "/aaaaaaaaaaaa.json")
        let dataset = try Dataset.load(directory: Fixtures.dataset)
        XCTAssertThrowsError(try dataset.changeFeed(history: try ReleaseHistory.load(directory: directory))) {
            let message = ($0 as? StoreError)?.message ?? ""
            XCTAssertTrue(message.contains("actors/ghost (release aaaaaaaaaaaa) is gone without a trace"), message)
        }
    }

    func testTombstonesMustBeConsistentWithTheDataset() throws {
        let dataset = try Dataset.load(directory: Fixtures.dataset)
        func problems(_ ledger: String) throws -> String {
            let directory = try Fixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try FileManager.default.copyItem(
                atPath: Self.scenario + "/aaaaaaaaaaaa.json", toPath: directory + "/aaaaaaaaaaaa.json")
            try ledger.write(toFile: directory + "/tombstones.json", atomically: true, encoding: .utf8)
            do {
                _ = try dataset.changeFeed(history: try ReleaseHistory.load(directory: directory))
                return ""
            } catch let error as StoreError {
                return error.message
            }
        }
        func ledger(_ id: String, reason: String = "unsupported", mergedInto: String? = nil, lines: String = "1, 2")
            -> String
        {
            let merged = mergedInto.map { #", "merged_into": "\#($0)""# } ?? ""
            return #"[{"collection": "actors", "id": "\#(id)", "reason": "\#(reason)"\#(merged), "note": "n", "#
                + #""sources": [{"source": "fixture-source", "lines": [\#(lines)]}]}]"#
        }
        XCTAssertEqual(try problems(ledger("ghost")), "")
        XCTAssertTrue(try problems(ledger("ghost", lines: "5, 9")).contains("past its 6 lines"))
        XCTAssertTrue(try problems(ledger("iran")).contains("actors/iran has a tombstone but is in the dataset"))
        XCTAssertTrue(try problems(ledger("nobody")).contains("actors/nobody has a tombstone, but no release had it"))
        XCTAssertTrue(
            try problems(ledger("ghost", reason: "merged", mergedInto: "iran")).contains("must exist and list ghost"))
        XCTAssertTrue(try problems(ledger("ghost", reason: "forgotten")).contains("needs a reason: one of merged"))
    }
}

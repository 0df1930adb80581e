import XCTest
import Store
import TestSupport

/// Every collection endpoint serves exactly what the bundled dataset holds.
final class CollectionsEndpointTests: XCTestCase {
    private var api: APITestServer!
    private var dataset: Dataset!

    override func setUpWithError() throws {
        (api, dataset) = try BundledServer.shared()
    }

    /// Follows `links.next` to the end and returns every record.
    private func all(_ path: String) throws -> (records: [[String: Any]], total: Int) {
        var records: [[String: Any]] = []
        var next: String? = path
        var total = -1
        while let current = next {
            let body = try api.json(current)
            records += body["data"] as? [[String: Any]] ?? []
            total = (body["meta"] as? [String: Any])?["total"] as? Int ?? -1
            next = (body["links"] as? [String: Any])?["next"] as? String
        }
        return (records, total)
    }

    func testEveryCollectionListsEveryRecordOnce() throws {
        for spec in DatasetSchema.collections {
            let expected = dataset.records(in: spec.name).map(\.id)
            let served = try all("/v1/\(spec.name)?limit=37")
            XCTAssertEqual(served.total, expected.count, spec.name)
            XCTAssertEqual(served.records.compactMap { $0["id"] as? String }.sorted(), expected.sorted(), spec.name)
            XCTAssertEqual(
                Set(served.records.compactMap { $0["id"] as? String }).count, expected.count,
                "\(spec.name): no duplicates across pages")
        }
    }

    func testEveryItemIsTheDatasetRecordWithItsCitations() throws {
        for spec in DatasetSchema.collections {
            for record in dataset.records(in: spec.name).prefix(5) {
                let body = try api.json("/v1/\(spec.name)/\(record.id)")
                let data = try XCTUnwrap(body["data"] as? [String: Any], "\(spec.name)/\(record.id)")
                for member in record.value.objectMembers ?? [] {
                    XCTAssertNotNil(data[member.key], "\(spec.name)/\(record.id) lacks \(member.key)")
                }
                XCTAssertFalse((data["sources"] as? [Any] ?? []).isEmpty, "\(spec.name)/\(record.id) is cited")
            }
        }
    }

    func testDatedCollectionsAreChronological() throws {
        for spec in DatasetSchema.collections where spec.spanFields != nil {
            let records = try all("/v1/\(spec.name)?limit=1000").records
            let keys = records.compactMap { record -> String? in
                let start = record[spec.spanFields!.start] as? String
                return start.flatMap(PartialDate.init)?.lowerBound ?? "9999-12-31"
            }
            XCTAssertEqual(keys, keys.sorted(), spec.name)
        }
    }

    func testDerivedCountsMatchTheDataset() throws {
        let astana = try XCTUnwrap(try api.json("/v1/processes/astana")["data"] as? [String: Any])
        let talks = dataset.records(in: "talks").filter { $0.value["process"]?.stringValue == "astana" }
        XCTAssertEqual(astana["talks_count"] as? Int, talks.count)
        XCTAssertEqual(try all("/v1/processes/astana/talks").records.count, talks.count)
    }

    func testSubCollectionsFollowReferences() throws {
        let kerryTalks = dataset.records(in: "talks").filter {
            $0.references.contains { $0.field == "participants.actor" && $0.id == "john-kerry" }
        }
        XCTAssertFalse(kerryTalks.isEmpty)
        XCTAssertEqual(
            try all("/v1/actors/john-kerry/talks").records.compactMap { $0["id"] as? String }.sorted(),
            kerryTalks.map(\.id).sorted())
        XCTAssertEqual(
            try all("/v1/talks?actor=john-kerry").records.count, kerryTalks.count,
            "the filter and the sub-collection agree")

        let placeEvents = dataset.records(in: "events").filter {
            $0.references.contains { $0.field == "places" && $0.id == "aleppo" }
        }
        XCTAssertEqual(try all("/v1/places/aleppo/events").records.count, placeEvents.count)
        XCTAssertEqual(try api.get("/v1/actors/nobody/events").status, 404)
    }

    func testSourceCitationsListEveryCitingRecordInLineOrder() throws {
        for source in dataset.records(in: "sources") {
            let expected = dataset.records.values.joined().reduce(0) {
                $0 + $1.citations.filter { $0.source == source.id }.count
            }
            let served = try all("/v1/sources/\(source.id)/citations?limit=200")
            XCTAssertEqual(served.total, expected, source.id)
            XCTAssertEqual(served.records.count, expected, source.id)
            let lines = served.records.compactMap { ($0["lines"] as? [Int])?.first }
            XCTAssertEqual(lines, lines.sorted(), source.id)
            let citationsCount =
                (try api.json("/v1/sources/\(source.id)")["data"] as? [String: Any])?["citations_count"] as? Int
            XCTAssertEqual(citationsCount, expected)
        }
        XCTAssertEqual(try api.get("/v1/sources/unknown/citations").status, 404)
    }
}

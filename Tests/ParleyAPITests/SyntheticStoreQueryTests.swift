import Foundation
@testable import ParleyAPI
@testable import Store
import XCTest
import TestSupport

/// The paths that only large stores take — stored search rankings, filters that drive the query
/// from their own index, ids looked up in the store rather than memory — checked against the
/// plain paths on a generated store, so a fast path can never answer differently.
final class SyntheticStoreQueryTests: XCTestCase {
    nonisolated(unsafe) private static var shared: APITestServer?
    private static let lock = NSLock()
    private var api: APITestServer!

    /// Built once for the class (300 records per collection, 2,100 talks).
    override func setUpWithError() throws {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        if Self.shared == nil { Self.shared = try APITestServer(dataset: "synthetic:300:2100") }
        api = Self.shared
    }

    private func database() throws -> Database {
        try Database(path: api.directory + "/store.sqlite", mode: .readOnly)
    }

    /// Follows links.next from `path`, collecting (id, score or date) pairs.
    private func walk(_ path: String, key: String) throws -> (rows: [String], total: Int) {
        var rows: [String] = []
        var next: String? = path
        var total = 0
        while let current = next {
            let page = try api.json(current)
            total = (page["meta"] as? [String: Any])?["total"] as? Int ?? -1
            for row in page["data"] as? [[String: Any]] ?? [] {
                rows.append("\(row["id"] ?? "")|\(row[key] ?? "")")
            }
            next = (page["links"] as? [String: Any])?["next"] as? String
        }
        return (rows, total)
    }

    func testStoredRankingOfACommonWordMatchesFTS5PageByPage() throws {
        let db = try database()
        // The commonest word: more matches than the stored hits, so the walk also crosses into FTS5.
        let term = try XCTUnwrap(try db.scalarText("SELECT term FROM search_terms ORDER BY matches DESC LIMIT 1"))
        let matches = try XCTUnwrap(try db.scalarInt("SELECT matches FROM search_terms WHERE term = ?", [.text(term)]))
        XCTAssertGreaterThan(matches, SearchImpacts.kept)
        let stored = try walk("/v1/search?q=\(term)&limit=100", key: "score")
        // Naming every type turns the stored ranking off: the same query, ranked by FTS5 throughout.
        let allTypes = (DatasetSchema.collections.map(\.recordType) + ["passage"]).joined(separator: ",")
        let fts = try walk("/v1/search?q=\(term)&limit=100&type=\(allTypes)", key: "score")
        XCTAssertEqual(stored.total, matches)
        XCTAssertEqual(fts.total, matches)
        XCTAssertEqual(stored.rows.count, matches, "every match once, across the stored prefix and beyond")
        XCTAssertEqual(stored.rows, fts.rows)
    }

    func testFiltersGiveTheSameRowsWhicheverIndexDrivesTheQuery() throws {
        let db = try database()
        func expected(_ field: String, _ target: String) throws -> [String] {
            let statement = try db.prepare(
                """
                SELECT r.id, r.sort_date FROM records r WHERE r.collection = 'talks'
                AND r.id IN (SELECT id FROM refs WHERE collection = 'talks' AND field = ? AND target = ?) ORDER BY r.sort_date, r.id
                """)
            try statement.bind([.text(field), .text(target)])
            var rows: [String] = []
            while try statement.step() { rows.append("\(statement.text(0) ?? "")|\(statement.text(1) ?? "")") }
            return rows
        }
        // A tenth of the talks, small pages: the date index drives and each row is tested.
        let common = try walk("/v1/talks?process=astana&limit=5&fields=start_date", key: "start_date")
        XCTAssertEqual(common.rows, try expected("process", "process-00001"))
        XCTAssertEqual(common.total, 210)
        // A few dozen talks: the reference index drives and the matches are sorted.
        let rare = try walk("/v1/talks?actor=actor-00007&limit=2&fields=start_date", key: "start_date")
        let expectedRare = try Set(expected("participants.actor", "actor-00007"))
        XCTAssertEqual(Set(rare.rows), expectedRare)
        XCTAssertEqual(
            rare.rows, rare.rows.sorted { ($0.split(separator: "|").last!, $0) < ($1.split(separator: "|").last!, $1) })
        XCTAssertFalse(rare.rows.isEmpty)
    }

    func testIdsOfALargeCollectionAreLookedUpInTheStore() throws {
        XCTAssertGreaterThan(api.application.info.counts["talks"] ?? 0, 2_000, "more talks than are held in memory")
        XCTAssertEqual(try api.get("/v1/talks/talk-02050").status, 200)
        XCTAssertEqual(try api.get("/v1/talks/talk-09999").status, 404)
        XCTAssertEqual(try api.get("/v1/documents?adopted_at=talk-02050").status, 200)
        let unknown = try api.get("/v1/documents?adopted_at=talk-99999")
        XCTAssertEqual(unknown.status, 400)
        XCTAssertTrue(unknown.text.contains("see /v1/talks for the ids"), unknown.text)
        XCTAssertEqual(
            try api.get("/v1/talks?process=astana&limit=1").status, 200,
            "names still resolve (astana is process-00001's alias)")
    }

    /// A keyset page must seek, not walk every row before it: SQLite plans an OR of bound
    /// parameters as a filter, so the condition has to give it a range it can use.
    func testKeysetConditionsSeekTheSortIndex() throws {
        let db = try database()
        let spec = try XCTUnwrap(DatasetSchema.collection(named: "talks"))
        var validation = ParameterValidation(records: api.application.context.records)
        let cases: [(String?, String, Bool)] = [
            (nil, "records_by_date (collection=? AND (sort_date,id)>(?,?))", false),
            ("-date", "records_by_date (collection=? AND (sort_date,id)<(?,?))", false),
            ("title", "records_by_title (collection=? AND (title,id)>(?,?))", false),
            ("-round", "records_by_number (collection=? AND <expr><?)", false),
            // Mixed directions: a range on the first key, then a sort within equal dates.
            ("-date,title", "records_by_date (collection=? AND sort_date<?)", true),
        ]
        for (sort, expected, sorts) in cases {
            let order = SortOrder.parse(sort, spec: spec, validation: &validation)
            let values = order.terms.map { $0.key.name == "date" ? "2015-01-01" : $0.key.name == "round" ? "3" : "x" }
            let after = try XCTUnwrap(order.keyset(after: values, id: "talk-00100"))
            let sql =
                "EXPLAIN QUERY PLAN SELECT r.id, r.json FROM records r WHERE r.collection = ? AND \(after.sql) ORDER BY \(order.orderBy) LIMIT 21"
            let plan = try db.prepare(sql)
            try plan.bind([.text("talks")] + after.arguments)
            var detail = ""
            while try plan.step() { detail += (plan.text(3) ?? "") + "\n" }
            XCTAssertTrue(detail.contains("USING INDEX \(expected)"), "sort=\(sort ?? "default"): \(detail)")
            XCTAssertEqual(detail.contains("TEMP B-TREE"), sorts, "sort=\(sort ?? "default"): \(detail)")
        }
    }

    /// Every sort key of every collection, either way, is an index walk: the first page reads rows
    /// in order from the key's index and never sorts them in a temporary B-tree.
    func testEverySortKeyIsAnIndexWalk() throws {
        let db = try database()
        var validation = ParameterValidation(records: api.application.context.records)
        for spec in DatasetSchema.collections {
            for key in SortOrder.keys(for: spec) {
                for sort in [key.name, "-" + key.name] {
                    let order = SortOrder.parse(sort, spec: spec, validation: &validation)
                    let plan = try db.prepare(
                        "EXPLAIN QUERY PLAN SELECT r.id, r.json FROM records r WHERE r.collection = ? ORDER BY \(order.orderBy) LIMIT 21"
                    )
                    try plan.bind([.text(spec.name)])
                    var detail = ""
                    while try plan.step() { detail += (plan.text(3) ?? "") + "\n" }
                    XCTAssertTrue(
                        detail.contains("USING INDEX records_by_") || detail.contains("USING PRIMARY KEY"),
                        "\(spec.name) sort=\(sort): \(detail)")
                    XCTAssertFalse(detail.contains("TEMP B-TREE"), "\(spec.name) sort=\(sort): \(detail)")
                }
            }
        }
        XCTAssertTrue(validation.errors.isEmpty, "\(validation.errors)")
    }
}

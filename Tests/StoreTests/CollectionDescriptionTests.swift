import Foundation
import XCTest

@testable import Store

/// Each collection is described once (`CollectionSpec`); these check that the description holds
/// together — every filter and sort field names a field the collection has — and that the store
/// built from it has what each filter and sort key looks up.
final class CollectionDescriptionTests: XCTestCase {
    func testEveryFilterAndSortFieldNamesAFieldOfItsCollection() {
        for spec in DatasetSchema.collections {
            XCTAssertLessThanOrEqual(spec.sortFields.count, SortColumn.extras.count, spec.name)
            for field in spec.sortFields {
                XCTAssertNotNil(spec.field(named: field), "\(spec.name) sorts by a field it lacks: \(field)")
            }
            var names = Set<String>()
            for filter in spec.allFilters {
                XCTAssertTrue(names.insert(filter.name).inserted, "\(spec.name): filter \(filter.name) twice")
                let root: String?
                switch filter.kind {
                case .reference(let field, _): root = field
                case .choice(let field):
                    root = field
                    XCTAssertNotNil(filter.allowedValues(in: spec), "\(spec.name).\(field) is not a choice")
                case .text(let paths): root = paths.first
                case .role: root = "participants"
                case .inForce: root = "valid_from"
                case .hasValue(let field): root = field
                }
                let top = root.map { String($0.split(separator: ".")[0]) }
                XCTAssertNotNil(
                    top.flatMap(spec.field(named:)), "\(spec.name): filter \(filter.name) reads a field it lacks")
            }
        }
    }

    func testTheStoreHasAnIndexForEverySortColumnAndTheValuesEveryFilterLooksUp() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try StoreBuilder.buildSynthetic(count: 40, to: directory + "/store.sqlite")
        let db = try Database(path: directory + "/store.sqlite", mode: .readOnly)
        for column in SortColumn.allCases where column != .id {
            XCTAssertEqual(
                try db.scalarInt(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?",
                    [.text("records_by_\(column.rawValue)")]), 1, "\(column)")
        }
        for spec in DatasetSchema.collections {
            for filter in spec.allFilters {
                switch filter.kind {
                case .choice, .role, .hasValue:
                    // Every value stored is one the parameter accepts, and `disputed` is stored for every record.
                    let statement = try db.prepare(
                        "SELECT DISTINCT value FROM attrs WHERE collection = ? AND field = ?")
                    try statement.bind([.text(spec.name), .text(filter.name)])
                    var values: [String] = []
                    while try statement.step() { values.append(statement.text(0) ?? "") }
                    XCTAssertFalse(values.isEmpty, "\(spec.name): nothing stored for \(filter.name)")
                    XCTAssertTrue(
                        Set(values).isSubset(of: filter.allowedValues(in: spec) ?? []), "\(spec.name).\(filter.name)")
                    if case .hasValue = filter.kind {
                        XCTAssertEqual(
                            try db.scalarInt(
                                "SELECT count(*) FROM attrs WHERE collection = ? AND field = 'disputed'",
                                [.text(spec.name)]), 40, spec.name)
                    }
                case .reference, .text, .inForce:
                    continue
                }
            }
        }
    }

    /// The store's own query values, without HTTP: a condition narrows, a count agrees with the
    /// rows, and a keyset continues strictly after its row.
    func testRecordQueryCountsRowsAndContinuesAfterAKeyset() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try StoreBuilder.buildSynthetic(count: 40, to: directory + "/store.sqlite")
        let db = try Database(path: directory + "/store.sqlite", mode: .readOnly)
        let spec = try XCTUnwrap(DatasetSchema.collection(named: "events"))
        let byDate = RecordOrder(terms: [
            .init(key: try XCTUnwrap(SortKeys.keys(for: spec).first { $0.name == "date" }), descending: false)
        ])
        func ids(_ query: RecordQuery, limit: Int = 1000) throws -> [String] {
            let statement = try db.rows(query, limit: limit, matches: try db.count(query), collectionSize: 40)
            var ids: [String] = []
            while try statement.step() { ids.append(statement.text(RecordQuery.idColumn) ?? "") }
            return ids
        }
        let all = RecordQuery(collection: "events", order: byDate)
        XCTAssertEqual(try db.count(all), 40)
        XCTAssertEqual(try ids(all).count, 40)
        let kind = try XCTUnwrap(
            db.scalarText("SELECT value FROM attrs WHERE collection = 'events' AND field = 'kind' LIMIT 1"))
        let narrowed = RecordQuery(
            collection: "events", conditions: [.attribute(name: "kind", values: [kind])], order: byDate)
        let count = try db.count(narrowed)
        XCTAssertGreaterThan(count, 0)
        XCTAssertLessThan(count, 40)
        XCTAssertEqual(try ids(narrowed).count, count)
        // Page of 5, then the rest after its last row: together, the whole list once.
        let first = try ids(all, limit: 5)
        let statement = try db.rows(all, limit: 5, matches: 40, collectionSize: 40)
        var lastDate = ""
        while try statement.step() { lastDate = statement.text(1) ?? "" }
        var rest = all
        rest.after = byDate.keyset(after: [lastDate], id: try XCTUnwrap(first.last))
        XCTAssertEqual(first + (try ids(rest)), try ids(all))
        XCTAssertNil(byDate.keyset(after: ["a", "b"], id: "x"), "values of another order do not fit")
    }

    /// Changing a collection's description (a filter, a sort field) changes what the store must
    /// hold, so a store built for another description is refused and rebuilt, with no version bump.
    func testAStoreBuiltForOtherCollectionDescriptionsIsRefused() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/store.sqlite"
        try StoreBuilder.build(try Dataset.load(directory: Fixtures.dataset), to: path)
        XCTAssertNoThrow(try StoreInfo.verify(path: path))
        let db = try Database(path: path, mode: .readWriteCreate)
        try db.execute("UPDATE meta SET value = 'another-layout' WHERE key = 'layout'")
        XCTAssertThrowsError(try StoreInfo.verify(path: path)) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .invalidStore)
            XCTAssertTrue("\(error)".contains("other collection descriptions"), "\(error)")
        }
    }

    /// The read-only store is opened through a `file:` URI (for `immutable=1`): path bytes that
    /// mean something in a URI are escaped, so any path opens the file it names.
    func testStorePathsWithURISyntaxInThemStillOpen() throws {
        XCTAssertEqual(Database.uriPath("/tmp/a b/c?d#e%f.sqlite"), "/tmp/a%20b/c%3Fd%23e%25f.sqlite")
        let directory = try Fixtures.temporaryDirectory() + "/odd ?#% name"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try StoreBuilder.buildSynthetic(count: 5, to: directory + "/store.sqlite")
        XCTAssertEqual(try StoreInfo.verify(path: directory + "/store.sqlite").counts["talks"], 5)
    }
}

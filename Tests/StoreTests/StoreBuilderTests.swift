import XCTest
@testable import Store

final class StoreBuilderTests: XCTestCase {
    private struct Interrupted: Error {}

    func testBuildWritesAVerifiableStore() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let dataset = try Dataset.load(directory: Fixtures.dataset)
        try StoreBuilder.build(dataset, to: directory + "/store.sqlite")
        let info = try StoreInfo.verify(path: directory + "/store.sqlite")
        XCTAssertEqual(info.contentHash, dataset.contentHash)
        XCTAssertEqual(info.counts["talks"], 5)
        XCTAssertEqual(info.schemaVersion, DatasetSchema.version)
    }

    func testBuildThatFailsHalfwayLeavesNoFileBehind() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let dataset = try Dataset.load(directory: Fixtures.dataset)
        var stages: [String] = []
        XCTAssertThrowsError(
            try StoreBuilder.build(dataset, to: directory + "/store.sqlite") { stage in
                stages.append(stage)
                if stage == "writing talks" { throw Interrupted() }
            })
        XCTAssertTrue(stages.contains("writing processes"), "it failed after writing had begun")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: directory), [], "no store and no temporary file")
    }

    func testFailedRebuildKeepsThePreviousStore() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let dataset = try Dataset.load(directory: Fixtures.dataset)
        let path = directory + "/store.sqlite"
        try StoreBuilder.build(dataset, to: path)
        XCTAssertThrowsError(try StoreBuilder.build(dataset, to: path) { if $0 == "indexing" { throw Interrupted() } })
        XCTAssertNoThrow(try StoreInfo.verify(path: path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["store.sqlite"])
    }

    func testSameDatasetGivesSameContentHash() throws {
        let first = try Dataset.load(directory: Fixtures.dataset)
        let copy = try Fixtures.datasetCopy()
        defer { try? FileManager.default.removeItem(atPath: copy) }
        XCTAssertEqual(try Dataset.load(directory: copy).contentHash, first.contentHash)
        XCTAssertEqual(try Dataset.contentHash(directory: copy), first.contentHash)
        let edited = try Fixtures.datasetCopy(editing: "talks.json") {
            $0.replacingOccurrences(of: "The first round.", with: "The first round!")
        }
        defer { try? FileManager.default.removeItem(atPath: edited) }
        XCTAssertNotEqual(try Dataset.contentHash(directory: edited), first.contentHash)
    }

    func testVerifyRefusesMissingTruncatedAndForeignFiles() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        XCTAssertThrowsError(try StoreInfo.verify(path: directory + "/missing.sqlite"))

        try StoreBuilder.build(try Dataset.load(directory: Fixtures.dataset), to: directory + "/store.sqlite")
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: directory + "/store.sqlite"))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: directory + "/truncated.sqlite"))
        XCTAssertThrowsError(try StoreInfo.verify(path: directory + "/truncated.sqlite"))

        try Data("not a database at all, just text".utf8).write(to: URL(fileURLWithPath: directory + "/text.sqlite"))
        XCTAssertThrowsError(try StoreInfo.verify(path: directory + "/text.sqlite")) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .invalidStore)
        }

        let foreign = try Database(path: directory + "/foreign.sqlite", mode: .readWriteCreate)
        try foreign.execute("CREATE TABLE t (x)")
        XCTAssertThrowsError(try StoreInfo.verify(path: directory + "/foreign.sqlite"))
    }

    /// Without `quick_check` (large stores), a file that lost or gained bytes is still refused: its
    /// size must be the page count × page size its header gives.
    func testAStoreOfTheWrongSizeIsRefusedWithoutReadingItsPages() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/store.sqlite"
        try StoreBuilder.build(try Dataset.load(directory: Fixtures.dataset), to: path)
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        for (name, damaged) in [("short", bytes.dropLast(4096)), ("long", bytes + Data(count: 4096))] {
            try Data(damaged).write(to: URL(fileURLWithPath: directory + "/\(name).sqlite"))
            XCTAssertThrowsError(try StoreInfo.verify(path: directory + "/\(name).sqlite", quickCheck: false)) {
                error in
                XCTAssertEqual((error as? StoreError)?.kind, .invalidStore, name)
                // A short file may fail even to open; a long one opens and only its size gives it away.
                if name == "long" { XCTAssertTrue("\(error)".contains("header describes"), "\(error)") }
            }
        }
        XCTAssertNoThrow(try StoreInfo.verify(path: path, quickCheck: false))
    }

    func testStatementErrorsCarryCodeAndSQL() throws {
        let db = try Database(path: ":memory:", mode: .readWriteCreate)
        XCTAssertThrowsError(try db.prepare("SELEC 1")) { error in
            let storeError = error as? StoreError
            XCTAssertEqual(storeError?.sql, "SELEC 1")
            if case .sqlite(let code) = storeError?.kind { XCTAssertEqual(code, 1) } else { XCTFail() }
        }
    }
}

final class SyntheticStoreTests: XCTestCase {
    func testSyntheticStoreIsDeterministicAndItsReferencesResolve() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try StoreBuilder.buildSynthetic(count: 50, to: directory + "/a.sqlite")
        try StoreBuilder.buildSynthetic(count: 50, to: directory + "/b.sqlite")
        let info = try StoreInfo.verify(path: directory + "/a.sqlite")
        XCTAssertEqual(info.counts.values.sorted(), Array(repeating: 50, count: DatasetSchema.collections.count))
        let a = try Database(path: directory + "/a.sqlite", mode: .readOnly)
        let b = try Database(path: directory + "/b.sqlite", mode: .readOnly)
        let sql = "SELECT group_concat(json, '') FROM (SELECT json FROM records ORDER BY collection, id)"
        XCTAssertEqual(try a.scalarText(sql), try b.scalarText(sql), "the same count gives the same records")
        let dangling = try a.scalarInt(
            "SELECT count(*) FROM refs f WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.collection = f.target_collection AND r.id = f.target)"
        )
        XCTAssertEqual(dangling, 0)
        // Every generated record satisfies the dataset schema's validator.
        var validator = DatasetValidator()
        for spec in DatasetSchema.collections {
            let statement = try a.prepare("SELECT json FROM records WHERE collection = ? ORDER BY id")
            try statement.bind([.text(spec.name)])
            var records: [UInt8] = Array("[".utf8)
            var first = true
            while try statement.step() {
                if !first { records.append(UInt8(ascii: ",")) }
                first = false
                statement.appendText(0, to: &records)
            }
            records.append(UInt8(ascii: "]"))
            validator.validateFile(spec: spec, bytes: records)
        }
        XCTAssertEqual(
            validator.issues.filter { !$0.message.contains("has the id") && !$0.message.contains("lines") }.map(
                \.description), [])
    }
}

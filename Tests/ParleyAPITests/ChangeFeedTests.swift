import Foundation
import Store
import XCTest

/// `/v1/changes`, `/v1/releases` and the 410 of a removed id, over the fixture dataset with a
/// hand-written earlier release (one change of each kind), and over the bundled releases.
final class ChangeFeedTests: XCTestCase {
    nonisolated(unsafe) static var server: APITestServer?

    override class func setUp() {
        server = try? APITestServer(releases: APITestServer.fixtures + "/releases-scenario")
    }

    override class func tearDown() {
        server?.stop()
    }

    private var api: APITestServer {
        get throws { try XCTUnwrap(Self.server) }
    }

    private func entries(_ path: String) throws -> [[String: Any]] {
        try api.json(path)["data"] as? [[String: Any]] ?? []
    }

    func testTheFeedListsEachKindInFeedOrder() throws {
        let response = try api.get("/v1/changes?since=aaaaaaaaaaaa")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("X-Total-Count"), "4")
        let data = try entries("/v1/changes?since=aaaaaaaaaaaa")
        XCTAssertEqual(
            data.map { "\($0["kind"]!) \($0["collection"]!)/\($0["id"]!)" },
            ["renamed talks/astana-2", "changed talks/geneva-4", "added talks/sochi-congress", "removed actors/ghost"])
        XCTAssertEqual(data[0]["previous_id"] as? String, "astana-february-2017")
        XCTAssertEqual(data[0]["fields"] as? [String], ["previous_ids"])
        XCTAssertEqual(data[1]["fields"] as? [String], ["title"])
        XCTAssertTrue(data[2]["fields"] is NSNull)
        XCTAssertEqual(data[2]["url"] as? String, "/v1/talks/sochi-congress")
        let tombstone = try XCTUnwrap(data[3]["tombstone"] as? [String: Any])
        XCTAssertEqual(tombstone["reason"] as? String, "unsupported")
        XCTAssertTrue(tombstone["merged_into"] is NSNull)
        XCTAssertEqual((tombstone["sources"] as? [[String: Any]])?.first?["lines"] as? [Int], [1, 6])
        // Every entry has every member, whatever its kind.
        for entry in data {
            XCTAssertEqual(
                Set(entry.keys), ["kind", "collection", "id", "previous_id", "fields", "tombstone", "url"])
        }
    }

    func testFiltersPagesAndFormats() throws {
        XCTAssertEqual(
            try entries("/v1/changes?since=aaaaaaaaaaaa&kind=removed,renamed").map { $0["kind"] as? String },
            ["renamed", "removed"])
        XCTAssertEqual(try entries("/v1/changes?since=aaaaaaaaaaaa&collection=actors").count, 1)
        let walked = try api.walk("/v1/changes?since=aaaaaaaaaaaa&limit=1")
        XCTAssertEqual(walked.ids, ["astana-2", "geneva-4", "sochi-congress", "ghost"])
        XCTAssertEqual(walked.pages, 4)
        // A cursor belongs to its filters.
        let first = try api.json("/v1/changes?since=aaaaaaaaaaaa&limit=1")
        let next = try XCTUnwrap((first["links"] as? [String: Any])?["next"] as? String)
        let foreign = try api.get(next + "&kind=added")
        XCTAssertEqual(foreign.status, 400)
        XCTAssertTrue(foreign.text.contains("foreign-cursor"), foreign.text)

        let csv = try api.get("/v1/changes.csv?since=aaaaaaaaaaaa")
        XCTAssertEqual(csv.header("Content-Type"), "text/csv; charset=utf-8; header=present")
        let rows = csv.text.split(separator: "\r\n")
        XCTAssertEqual(
            rows.first, "kind,collection,id,previous_id,fields,removed_in,reason,merged_into,note,sources,url")
        XCTAssertEqual(rows.count, 5)
        XCTAssertTrue(rows[4].hasPrefix("removed,actors,ghost,,,"), String(rows[4]))
        XCTAssertTrue(rows[4].hasSuffix(",fixture-source 1-6,/v1/actors/ghost"), String(rows[4]))
        let ndjson = try api.get("/v1/changes.ndjson?since=aaaaaaaaaaaa&kind=changed")
        XCTAssertEqual(ndjson.text.split(separator: "\n").count, 1)
    }

    func testASinceThatIsNoReleaseListsTheReleases() throws {
        for path in ["/v1/changes?since=0123456789ab", "/v1/changes"] {
            let response = try api.get(path)
            XCTAssertEqual(response.status, 400, path)
            XCTAssertEqual(response.header("Content-Type"), "application/problem+json; charset=utf-8")
            let error = try XCTUnwrap(((response.json() as? [String: Any])?["errors"] as? [[String: Any]])?.first)
            XCTAssertEqual(error["parameter"] as? String, "since")
            XCTAssertEqual(error["code"] as? String, path.contains("since") ? "unknown-reference" : "missing")
            XCTAssertTrue((error["detail"] as? String ?? "").contains("aaaaaaaaaaaa (2026-01-01)"), path)
        }
        // The version served now is where every feed ends: empty, released or not.
        let version = try XCTUnwrap((try api.json("/v1/meta")["data"] as? [String: Any])?["dataset"] as? String)
        XCTAssertEqual((try api.json("/v1/changes?since=\(version)")["meta"] as? [String: Any])?["total"] as? Int, 0)
    }

    func testARemovedIdAnswers410WithItsTombstone() throws {
        for path in ["/v1/actors/ghost", "/v1/actors/ghost/talks"] {
            let response = try api.get(path)
            XCTAssertEqual(response.status, 410, path)
            XCTAssertEqual(response.header("Content-Type"), "application/problem+json; charset=utf-8")
            let problem = try XCTUnwrap(response.json() as? [String: Any])
            XCTAssertEqual(problem["type"] as? String, "/problems/gone")
            XCTAssertEqual(problem["reason"] as? String, "unsupported")
            XCTAssertEqual(problem["id"] as? String, "ghost")
            XCTAssertNotNil(problem["removed_in"] as? String)
            XCTAssertTrue((problem["detail"] as? String ?? "").contains("the sources do not support it"))
        }
        XCTAssertEqual(try api.get("/v1/talks/astana-february-2017").status, 301)
        XCTAssertEqual(try api.get("/v1/actors/nobody").status, 404)
    }

    func testReleasesListDatesCountsAndChanges() throws {
        let body = try api.json("/v1/releases")
        let releases = try XCTUnwrap(body["data"] as? [[String: Any]])
        XCTAssertEqual(releases.count, 1)
        XCTAssertEqual(releases[0]["version"] as? String, "aaaaaaaaaaaa")
        XCTAssertEqual(releases[0]["date"] as? String, "2026-01-01T00:00:00Z")
        XCTAssertEqual(releases[0]["current"] as? Bool, false)
        XCTAssertEqual(releases[0]["records"] as? Int, 13)
        XCTAssertEqual(
            releases[0]["changes_to_current"] as? [String: Int], ["added": 1, "changed": 1, "renamed": 1, "removed": 1])
        XCTAssertEqual((body["meta"] as? [String: Any])?["current_is_release"] as? Bool, false)
    }

    func testTheFeedRevalidatesWithItsETag() throws {
        let first = try api.get("/v1/changes?since=aaaaaaaaaaaa")
        let etag = try XCTUnwrap(first.header("ETag"))
        XCTAssertEqual(try api.get("/v1/changes?since=aaaaaaaaaaaa", headers: ["If-None-Match": etag]).status, 304)
        XCTAssertNotEqual(try api.get("/v1/changes?since=aaaaaaaaaaaa&kind=added").header("ETag"), etag)
    }

    /// The bundled releases: the feed from the release served before the second data pass.
    func testTheBundledFeedFromTheReleaseBeforeTheDataPass() throws {
        let (bundled, _) = try BundledServer.shared()
        let releases = try XCTUnwrap(try bundled.json("/v1/releases")["data"] as? [[String: Any]])
        let before = try XCTUnwrap(releases.first { $0["version"] as? String == "b8e9327e0c14" })
        XCTAssertEqual(
            before["changes_to_current"] as? [String: Int],
            ["added": 23, "changed": 216, "renamed": 8, "removed": 1])
        let removed = try XCTUnwrap(
            try bundled.json("/v1/changes?since=b8e9327e0c14&kind=removed")["data"] as? [[String: Any]])
        let tombstone = try XCTUnwrap(removed.first?["tombstone"] as? [String: Any])
        XCTAssertEqual(tombstone["reason"] as? String, "merged")
        // A merged id still answers 301 to the record that holds what it said.
        let moved = try bundled.get(removed.first?["url"] as? String ?? "")
        XCTAssertEqual(moved.status, 301)
        XCTAssertEqual(
            moved.header("Location"), "/v1/documents/\(tombstone["merged_into"] as? String ?? "")")
    }
}

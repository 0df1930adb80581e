import XCTest
import TestSupport
import Store

/// `/v1/talks` and `/v1/talks/{id}` over real sockets, against the fixture dataset.
final class TalksEndpointTests: XCTestCase {
    private var api: APITestServer!

    override func setUpWithError() throws { api = try APITestServer() }
    override func tearDown() { api.stop() }

    private func ids(_ path: String) throws -> [String] {
        let body = try api.json(path)
        return (body["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    func testListIsChronologicalWithUndatedLastAndContractShape() throws {
        let body = try api.json("/v1/talks")
        XCTAssertEqual(
            (body["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String },
            ["geneva-2012", "astana-1", "astana-2", "geneva-4", "sochi-congress"])
        let meta = try XCTUnwrap(body["meta"] as? [String: Any])
        XCTAssertEqual(meta["total"] as? Int, 5)
        XCTAssertEqual(meta["limit"] as? Int, 50)
        XCTAssertNotNil(meta["dataset"] as? String)
        let links = try XCTUnwrap(body["links"] as? [String: Any])
        XCTAssertEqual(links["self"] as? String, "/v1/talks")
        XCTAssertTrue(links["next"] is NSNull)
    }

    func testRecordsCarryTheirCitations() throws {
        let body = try api.json("/v1/talks/astana-1")
        let data = try XCTUnwrap(body["data"] as? [String: Any])
        let sources = try XCTUnwrap(data["sources"] as? [[String: Any]])
        XCTAssertEqual(sources.first?["source"] as? String, "fixture-source")
        XCTAssertEqual(sources.first?["lines"] as? [Int], [2, 2])
        XCTAssertEqual((body["meta"] as? [String: Any])?["dataset"] as? String, api.application.info.datasetVersion)
    }

    func testProcessFilterTakesAnyOfList() throws {
        XCTAssertEqual(try ids("/v1/talks?process=astana"), ["astana-1", "astana-2"])
        XCTAssertEqual(try ids("/v1/talks?process=astana,sochi"), ["astana-1", "astana-2", "sochi-congress"])
    }

    func testFromAndToSelectOverlappingSpans() throws {
        // astana-2 is dated only "2017-02", so it spans the whole month.
        XCTAssertEqual(try ids("/v1/talks?from=2017-02-10&to=2017-02-20"), ["astana-2"])
        XCTAssertEqual(try ids("/v1/talks?from=2017-03-01"), ["geneva-4"], "geneva-4 runs to 3 March")
        XCTAssertEqual(try ids("/v1/talks?to=2012"), ["geneva-2012"])
        XCTAssertEqual(try ids("/v1/talks?from=2017&to=2017&process=geneva"), ["geneva-4"])
    }

    func testCursorPagesThroughEverythingOnceWithLinkHeader() throws {
        var seen: [String] = []
        var path: String? = "/v1/talks?limit=2"
        var pages = 0
        while let current = path {
            let response = try api.get(current)
            let body = try XCTUnwrap(response.json() as? [String: Any])
            seen += (body["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            let next = (body["links"] as? [String: Any])?["next"] as? String
            XCTAssertEqual(response.header("Link"), next.map { "<\($0)>; rel=\"next\"" })
            XCTAssertEqual((body["meta"] as? [String: Any])?["total"] as? Int, 5)
            path = next
            pages += 1
        }
        XCTAssertEqual(pages, 3)
        XCTAssertEqual(seen, ["geneva-2012", "astana-1", "astana-2", "geneva-4", "sochi-congress"])
    }

    func testCursorFromAnotherQueryIsRejected() throws {
        let body = try api.json("/v1/talks?limit=1&process=astana")
        let next = try XCTUnwrap((body["links"] as? [String: Any])?["next"] as? String)
        let cursor = try XCTUnwrap(next.components(separatedBy: "cursor=").last)
        let response = try api.get("/v1/talks?limit=1&process=geneva&cursor=\(cursor)")
        XCTAssertEqual(response.status, 400)
        XCTAssertTrue(response.text.contains("different query"), response.text)
        let tampered = try api.get("/v1/talks?limit=1&process=astana&cursor=\(cursor.dropLast(2))xy")
        XCTAssertEqual(tampered.status, 400)
        // A cursor of the previous format (version 2), as a client may have kept one across an upgrade.
        let old = try api.get("/v1/talks?limit=2&cursor=Mh9kYzM4NDViMx8xHzIwMTctMDktMTMfYXN0YW5hLTYfOWRlMDVlYjQzNzVl")
        XCTAssertEqual(old.status, 400)
        XCTAssertTrue(old.text.contains("earlier version"), old.text)
    }

    func testInvalidParametersAreAll400ProblemsNamingTheParameter() throws {
        let cases: [(String, String, String)] = [
            ("/v1/talks?limit=0", "limit", "between 1 and 1000"),
            ("/v1/talks?limit=1001", "limit", "between 1 and 1000"),
            ("/v1/talks?limit=ten", "limit", "between 1 and 1000"),
            ("/v1/talks?process=astna", "process", "allowed: astana, geneva, sochi"),
            ("/v1/talks?process=astana,", "process", "no empty item"),
            ("/v1/talks?from=2017-02-30", "from", "YYYY-MM-DD"),
            ("/v1/talks?from=2017&to=2016", "to", "must not be before from"),
            (
                "/v1/talks?proces=astana", "proces",
                "allowed: process, actor, role, location, status, disputed, from, to, q, sort, fields, include, limit, cursor"
            ),
            ("/v1/talks?limit=1&limit=2", "limit", "more than once"),
            ("/v1/talks?cursor=%FF", "cursor", "UTF-8"),
            ("/v1/talks/astana-1?limit=1", "limit", "allowed: fields, include"),
            ("/healthz?x=1", "x", "takes no parameters"),
        ]
        for (path, parameter, hint) in cases {
            let response = try api.get(path)
            XCTAssertEqual(response.status, 400, path)
            XCTAssertEqual(response.header("Content-Type"), "application/problem+json; charset=utf-8", path)
            let body = try XCTUnwrap(response.json() as? [String: Any], path)
            XCTAssertEqual(body["type"] as? String, "/problems/invalid-parameter", path)
            let errors = body["errors"] as? [[String: String]] ?? []
            XCTAssertTrue(
                errors.contains { $0["parameter"] == parameter && ($0["detail"] ?? "").contains(hint) },
                "\(path): \(errors)")
        }
    }

    func testStatusFiltersAndTheDefaultListShowsEveryStatus() throws {
        XCTAssertEqual(try ids("/v1/talks?status=planned"), ["sochi-congress"])
        XCTAssertEqual(try ids("/v1/talks?status=held,planned").count, 5)
        XCTAssertEqual(try ids("/v1/talks?status=cancelled"), [])
        XCTAssertEqual(
            try api.json("/v1/talks/sochi-congress")["data"].flatMap { ($0 as? [String: Any])?["status"] as? String },
            "planned")
        XCTAssertEqual(try ids("/v1/talks?sort=status").first, "astana-1", "held sorts before planned")
        let bad = try api.get("/v1/talks?status=happened")
        XCTAssertEqual(bad.status, 400)
        XCTAssertTrue(bad.text.contains("held, planned, postponed, cancelled"), bad.text)
    }

    /// Every `errors[]` entry has a machine-readable code; the values the schema cannot rule out
    /// (ids no record has, foreign cursors, unparsable searches, ranges out of order) have their own.
    func testEveryParameterErrorCarriesItsCode() throws {
        let cases: [(String, String, String)] = [
            ("/v1/talks?process=atlantis", "process", "unknown-reference"),
            ("/v1/talks?cursor=AAAA", "cursor", "foreign-cursor"),
            ("/v1/talks?q=(astana", "q", "invalid-search"),
            ("/v1/talks?q=NOT", "q", "invalid-search"),
            ("/v1/talks?q=%21%21", "q", "no-search-terms"),
            ("/v1/talks?q=" + String(repeating: "a", count: 501), "q", "out-of-range"),
            ("/v1/talks?from=2017&to=2016", "to", "invalid-range"),
            ("/v1/talks?from=%2B201", "from", "invalid-date"),
            ("/v1/talks?from=2015-02-29", "from", "invalid-date"),
            ("/v1/talks?status=held,%20planned", "status", "invalid-value"),
            ("/v1/talks?sort=nope", "sort", "unknown-key"),
            ("/v1/talks?limit=0", "limit", "out-of-range"),
            ("/v1/talks?location=%21", "location", "empty-value"),
            ("/v1/talks?process=astana&process=geneva", "process", "repeated-parameter"),
            ("/v1/talks?bogus=1", "bogus", "unknown-parameter"),
            ("/v1/talks?q=%FF", "q", "malformed-encoding"),
            ("/v1/talks?q=a%07", "q", "control-character"),
        ]
        for (path, parameter, code) in cases {
            let response = try api.get(path)
            XCTAssertEqual(response.status, 400, path)
            let errors = ((response.json() as? [String: Any])?["errors"] as? [[String: String]]) ?? []
            XCTAssertTrue(errors.contains { $0["parameter"] == parameter && $0["code"] == code }, "\(path): \(errors)")
        }
        XCTAssertEqual(
            try ids("/v1/talks?sort=date,-date"), try ids("/v1/talks?sort=date"),
            "a key given twice decides nothing more")
        XCTAssertEqual(try api.get("/v1/talks?from=2016-02-29").status, 200)
    }

    func testAPreviousIdAnswers301ToTheRecordsCurrentId() throws {
        let moved = try api.get("/v1/talks/astana-february-2017?fields=title")
        XCTAssertEqual(moved.status, 301)
        XCTAssertEqual(moved.header("Location"), "/v1/talks/astana-2?fields=title", "the query is kept")
        XCTAssertEqual((moved.json() as? [String: Any])?["id"] as? String, "astana-2")
        let data = try XCTUnwrap(try api.json("/v1/talks/astana-2")["data"] as? [String: Any])
        XCTAssertEqual(data["previous_ids"] as? [String], ["astana-february-2017"])
        XCTAssertEqual(
            try ids("/v1/talks?q=%22Syrian%20National%20Dialogue%20Congress%22"), ["sochi-congress"],
            "aliases are searchable")
        XCTAssertEqual(
            try api.get("/v1/talks/astana-march-2017").status, 404, "an id no record ever had is still a 404")
    }

    func testUnknownIdAndPathAre404Problems() throws {
        let missing = try api.get("/v1/talks/astana-99")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual((missing.json() as? [String: Any])?["type"] as? String, "/problems/not-found")
        XCTAssertEqual(try api.get("/v1/talk").status, 404)
        XCTAssertEqual(try api.get("/v1/talks/").status, 404)
        let problemPage = try api.json("/problems/not-found")
        XCTAssertEqual(problemPage["status"] as? Int, 404)
    }

    func testWrongMethodIs405WithAllowAndOptionsAnswers() throws {
        let client = try RawHTTPClient(port: api.server.port)
        client.send(
            "DELETE /v1/talks/astana-1 HTTP/1.1\r\nHost: x\r\n\r\nOPTIONS /v1/talks HTTP/1.1\r\nHost: x\r\n\r\nHEAD /v1/talks HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        let deleted = try client.readResponse()
        XCTAssertEqual(deleted.status, 405)
        XCTAssertEqual(deleted.header("Allow"), "GET, HEAD, OPTIONS")
        let options = try client.readResponse()
        XCTAssertEqual(options.status, 204)
        XCTAssertEqual(options.header("Allow"), "GET, HEAD, OPTIONS")
        let head = try client.readResponse(headRequest: true)
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(Int(head.header("Content-Length") ?? ""), try api.get("/v1/talks").body.count)
    }

    func testHealthReadinessAndMeta() throws {
        XCTAssertEqual(try api.json("/healthz")["status"] as? String, "ok")
        XCTAssertEqual(try api.json("/readyz")["status"] as? String, "ready")
        let meta = try XCTUnwrap(try api.json("/v1/meta")["data"] as? [String: Any])
        XCTAssertEqual(meta["schema_version"] as? Int, DatasetSchema.version)
        let collections = meta["collections"] as? [[String: Any]] ?? []
        XCTAssertEqual(collections.first { $0["name"] as? String == "talks" }?["count"] as? Int, 5)
        XCTAssertEqual(try api.get("/v1/meta").header("X-Dataset-Version"), api.application.info.datasetVersion)
    }

    func testMalformedRequestGetsProblemJSON() throws {
        let client = try RawHTTPClient(port: api.server.port)
        client.send("GET /v1/talks HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(response.header("Content-Type"), "application/problem+json; charset=utf-8")
        XCTAssertEqual((response.json() as? [String: Any])?["type"] as? String, "/problems/malformed-request")
        XCTAssertTrue(client.waitForClose())
    }
}

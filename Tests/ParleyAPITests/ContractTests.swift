import XCTest
@testable import ParleyAPI
import Store
import TestSupport

/// HTTP caching, CORS, errors on every path, and the OpenAPI document against the router.
final class ContractTests: XCTestCase {
    private var api: APITestServer!

    override func setUpWithError() throws {
        api = try BundledServer.shared().api
    }

    func testETagRevalidationAnswers304WithoutBody() throws {
        let first = try api.get("/v1/talks?process=astana")
        let etag = try XCTUnwrap(first.header("ETag"))
        XCTAssertTrue(etag.hasPrefix("\"") && etag.hasSuffix("\""), "a strong ETag")
        XCTAssertEqual(first.header("Cache-Control"), "max-age=300")
        XCTAssertEqual(first.header("Vary"), "Accept, Accept-Encoding, Origin")
        XCTAssertNotNil(first.header("Last-Modified"))
        let again = try api.get("/v1/talks?process=astana", headers: ["If-None-Match": etag])
        XCTAssertEqual(again.status, 304)
        XCTAssertTrue(again.body.isEmpty)
        XCTAssertEqual(again.header("ETag"), etag)
        XCTAssertEqual(
            try api.get("/v1/talks?process=astana", headers: ["If-None-Match": "\"other\", W/\(etag)"]).status, 304,
            "weak comparison, lists")
        XCTAssertEqual(try api.get("/v1/talks?process=astana", headers: ["If-None-Match": "*"]).status, 304)
        XCTAssertEqual(
            try api.get("/v1/talks/nope", headers: ["If-None-Match": "*"]).status, 404, "* never hides a 404")
        XCTAssertEqual(try api.get("/v1/talks?limit=0", headers: ["If-None-Match": "*"]).status, 400, "nor a 400")
        XCTAssertEqual(
            try api.get(
                "/v1/talks?process=astana", headers: ["If-Modified-Since": try XCTUnwrap(first.header("Last-Modified"))]
            ).status, 304)
        XCTAssertEqual(
            try api.get("/v1/talks?limit=5&fields=title").header("ETag"),
            try api.get("/v1/talks?fields=title&limit=5").header("ETag"),
            "parameter order does not change the ETag")
        XCTAssertNotEqual(try api.get("/v1/talks?process=geneva").header("ETag"), etag, "another query, another ETag")
        XCTAssertNotEqual(
            try api.get("/v1/talks?process=astana", headers: ["Accept": "text/csv"]).header("ETag"), etag,
            "another format")
        XCTAssertNotEqual(
            try api.get("/v1/talks?process=astana", headers: ["Accept-Encoding": "gzip"]).header("ETag"), etag,
            "another coding")
    }

    func testEveryReplicaComputesTheSameETag() throws {
        // Another replica built from the same dataset and release history.
        let other = try APITestServer(
            dataset: BundledServer.dataset, corpus: BundledServer.corpus, releases: BundledServer.releases)
        defer { other.stop() }
        let mine = try XCTUnwrap(try api.get("/v1/talks/astana-4").header("ETag"), "an item has an ETag")
        XCTAssertEqual(try other.get("/v1/talks/astana-4").header("ETag"), mine)
    }

    func testGzipWhenAskedAndWorthIt() throws {
        let response = try api.get("/v1/talks", headers: ["Accept-Encoding": "gzip, deflate"])
        XCTAssertEqual(response.header("Content-Encoding"), "gzip")
        XCTAssertEqual(Array(response.body.prefix(2)), [0x1f, 0x8b])
        XCTAssertNil(
            try api.get("/healthz", headers: ["Accept-Encoding": "gzip"]).header("Content-Encoding"),
            "tiny bodies stay plain")
        XCTAssertNil(try api.get("/v1/talks", headers: ["Accept-Encoding": "gzip;q=0"]).header("Content-Encoding"))
    }

    func testCORSHeadersAndPreflight() throws {
        let response = try api.get("/v1/talks/astana-4", headers: ["Origin": "https://frontend.example"])
        XCTAssertEqual(response.header("Access-Control-Allow-Origin"), "*")
        XCTAssertEqual(
            response.header("Access-Control-Expose-Headers"),
            "Link, ETag, X-Request-Id, X-Dataset-Version, X-Total-Count, Retry-After, RateLimit-Limit, "
                + "RateLimit-Remaining, RateLimit-Reset")
        let preflight = try preflight(requesting: "if-none-match")
        XCTAssertEqual(preflight.status, 204)
        XCTAssertEqual(preflight.header("Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS")
        XCTAssertEqual(preflight.header("Access-Control-Allow-Headers"), "if-none-match")
        XCTAssertEqual(preflight.headers.filter { $0.name == "Access-Control-Allow-Origin" }.count, 1)
        XCTAssertEqual(preflight.header("Vary"), "Origin, Access-Control-Request-Headers")
    }

    /// Found by the browser test: a 429 must carry the CORS fields of the request's Origin (or a
    /// page cannot read Retry-After), and a preflight is never the request that gets the 429 (a
    /// browser turns any non-2xx preflight into a bare network error).
    func testRateLimitedAnswersAreReadableCrossOriginAndPreflightsAreNotLimited() throws {
        let limited = try APITestServer(corsOrigins: ["https://a.example"]) {
            $0.eventLoops = 1
            $0.rateLimit = (rate: 0.01, burst: 1)
        }
        defer { limited.stop() }
        let origin = ["Origin": "https://a.example"]
        for _ in 0..<3 {
            let client = try RawHTTPClient(port: limited.server.port)
            client.send(
                "OPTIONS /v1/meta HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example\r\n"
                    + "Access-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: x-app\r\n\r\n")
            XCTAssertEqual(try client.readResponse().status, 204, "preflights take no token")
        }
        XCTAssertEqual(try limited.get("/v1/meta", headers: origin).status, 200, "the one token is still there")
        let refused = try limited.get("/v1/meta", headers: origin)
        XCTAssertEqual(refused.status, 429)
        XCTAssertEqual(refused.header("Access-Control-Allow-Origin"), "https://a.example")
        XCTAssertTrue(refused.header("Access-Control-Expose-Headers")?.contains("Retry-After") ?? false)
        XCTAssertNotNil(refused.header("Retry-After"))
        XCTAssertNil(
            try limited.get("/v1/meta", headers: ["Origin": "https://other.example"]).header(
                "Access-Control-Allow-Origin"))
    }

    /// A public read-only API allows whatever headers a page sends (tracing adds `traceparent` to
    /// every fetch); only a list that is not a list of field names falls back to the fixed one.
    func testPreflightAllowsTheHeadersAskedFor() throws {
        let asked = try preflight(requesting: "traceparent,X-App-Version , if-none-match")
        XCTAssertEqual(asked.header("Access-Control-Allow-Headers"), "traceparent, X-App-Version, if-none-match")
        for unreadable in ["bad header", "a,(b)", String(repeating: "x,", count: 1100)] {
            XCTAssertEqual(
                try preflight(requesting: unreadable).header("Access-Control-Allow-Headers"),
                "Accept, Accept-Encoding, If-None-Match, If-Modified-Since, X-Request-Id, Content-Type", unreadable)
        }
    }

    private func preflight(requesting headers: String) throws -> RawResponse {
        let client = try RawHTTPClient(port: api.server.port)
        client.send(
            "OPTIONS /v1/talks HTTP/1.1\r\nHost: x\r\nOrigin: https://frontend.example\r\nAccess-Control-Request-Method: GET\r\n"
                + "Access-Control-Request-Headers: \(headers)\r\n\r\n")
        return try client.readResponse()
    }

    /// An uncacheable answer large enough to be gzipped still says that it varies by coding.
    func testUncacheableGzippedAnswersNameAcceptEncodingInVary() throws {
        let metrics = try api.get("/metrics", headers: ["Accept-Encoding": "gzip"])
        XCTAssertEqual(metrics.header("Content-Encoding"), "gzip")
        XCTAssertEqual(metrics.header("Vary"), "Accept-Encoding")
        XCTAssertEqual(try api.get("/metrics").header("Vary"), "Accept-Encoding")
        XCTAssertNil(try api.get("/healthz").header("Vary"), "never compressed, so it does not vary")
    }

    func testEveryErrorIsProblemJSON() throws {
        let cases: [(String, [String: String], Int)] = [
            ("/v1/talks?limit=0", [:], 400), ("/v1/nothing", [:], 404), ("/v1/talks/none", [:], 404),
            ("/v1/talks", ["Accept": "application/xml"], 406), ("/v1/talks.csv?sort=nope", [:], 400),
            ("/v1/talks.ndjson?cursor=bad", [:], 400), ("/v1/search", [:], 400),
            ("/v1/timeline?type=meeting", [:], 400),
            ("/v1/zones.geojson?as_of=yesterday", [:], 400), ("/problems/nope", [:], 404), ("/v1/talks.xml", [:], 404),
        ]
        for (path, headers, status) in cases {
            let response = try api.get(path, headers: headers)
            XCTAssertEqual(response.status, status, path)
            XCTAssertEqual(response.header("Content-Type"), "application/problem+json; charset=utf-8", path)
            let body = try XCTUnwrap(response.json() as? [String: Any], path)
            let type = try XCTUnwrap(body["type"] as? String, path)
            XCTAssertEqual(body["status"] as? Int, status, path)
            XCTAssertEqual(try api.get(type).status, 200, "\(path): the problem type \(type) has a page")
        }
    }

    func testOpenAPIDocumentListsExactlyTheRoutesAndTheirParameters() throws {
        let document = try XCTUnwrap(try api.get("/openapi.json").json() as? [String: Any])
        XCTAssertEqual(document["openapi"] as? String, "3.1.0")
        let paths = try XCTUnwrap(document["paths"] as? [String: [String: Any]])
        XCTAssertEqual(Set(paths.keys), Set(RouteTable.routes.map(\.pattern)))
        for route in RouteTable.routes {
            let operation = try XCTUnwrap(paths[route.pattern]?["get"] as? [String: Any], route.pattern)
            let parameters = operation["parameters"] as? [[String: Any]] ?? []
            let query = parameters.filter { $0["in"] as? String == "query" }.compactMap { $0["name"] as? String }
            XCTAssertEqual(query, route.parameters.map(\.name), route.pattern)
            let path = parameters.filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String }
            XCTAssertEqual(
                path,
                route.segments.compactMap { if case .parameter(let name) = $0 { return name } else { return nil } },
                route.pattern)
            let content =
                ((operation["responses"] as? [String: Any])?["200"] as? [String: Any])?["content"] as? [String: Any]
                ?? [:]
            XCTAssertEqual(Set(content.keys), Set(route.formats.map(\.mediaType)), route.pattern)
        }
    }

    func testEveryExampleOnTheIndexAnswersOnThisServer() throws {
        let index = try XCTUnwrap(try api.json("/")["endpoints"] as? [[String: Any]])
        XCTAssertEqual(
            index.compactMap { $0["path"] as? String }, RouteTable.routes.map(\.pattern), "every endpoint is listed")
        for entry in index {
            let path = entry["path"] as? String ?? "?"
            guard let example = entry["example"] as? String else {
                // Only the source text lacks an example, and only on a store built without the corpus.
                XCTAssertEqual(path, "/v1/sources/{id}/text")
                XCTAssertFalse(api.application.info.corpusBundled)
                XCTAssertNotNil(entry["unavailable"] as? String, "says why there is no example")
                continue
            }
            XCTAssertEqual(try api.get(example).status, 200, example)
        }
    }

    /// Ids that the second audit renamed or merged keep answering: every previous id of every
    /// record redirects to the record, keeping the rest of the path and the query.
    func testEveryPreviousIdOfTheBundledDatasetRedirectsToItsRecord() throws {
        let dataset = try BundledServer.shared().dataset
        var checked = 0
        for spec in DatasetSchema.collections {
            for record in dataset.records(in: spec.name) {
                for old in (record.value["previous_ids"]?.arrayValue ?? []).compactMap(\.stringValue) {
                    let response = try api.get("/v1/\(spec.name)/\(old)?fields=id")
                    XCTAssertEqual(response.status, 301, old)
                    XCTAssertEqual(response.header("Location"), "/v1/\(spec.name)/\(record.id)?fields=id", old)
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 0)
        let merged = try api.get("/v1/documents/cessation-of-hostilities-terms-2016-02-22")
        XCTAssertEqual(
            merged.header("Location"), "/v1/documents/us-russia-joint-statement-2016-02-22",
            "a merged record leads to the one it joined")
        XCTAssertEqual(try api.get("/v1/processes/sochi/talks?status=postponed").status, 200)
        let adopted = try api.walk("/v1/documents?adopted_at=joint-working-group-ankara-2017-09-08&limit=1000").ids
        XCTAssertEqual(adopted, ["de-escalation-zones-map-2017-09-08"])
        XCTAssertEqual(
            try api.walk("/v1/documents?adopted_at=astana-2017-09-08&limit=1000").ids, adopted, "old ids still filter")
    }

    func testConnectionsAboveTheCapGetTheOverloadedProblemLikeAnyOtherProblem() throws {
        let capped = try APITestServer(configure: { $0.maxConnections = 1 })
        defer { capped.stop() }
        let first = try RawHTTPClient(port: capped.server.port)
        first.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try first.readResponse().status, 200)
        let refused = try RawHTTPClient(port: capped.server.port).readResponse()
        XCTAssertEqual(refused.status, 503)
        XCTAssertEqual(refused.header("Content-Type"), "application/problem+json; charset=utf-8")
        XCTAssertEqual(refused.header("Content-Length"), String(refused.body.count))
        let body = try XCTUnwrap(refused.json() as? [String: Any])
        XCTAssertEqual(body["type"] as? String, "/problems/overloaded")
        XCTAssertEqual(body["title"] as? String, ProblemType.overloaded.title)
        XCTAssertEqual(body["status"] as? Int, 503)
        XCTAssertNotNil(refused.header("X-Request-Id"))
        XCTAssertNotNil(refused.header("Date"))
        XCTAssertEqual(refused.header("Access-Control-Allow-Origin"), "*")
        XCTAssertNotNil(refused.header("X-Dataset-Version"))
    }

    func testAPIReferenceListsEveryProblemType() throws {
        let reference = try String(
            contentsOfFile: BundledServer.package.appendingPathComponent("Docs/api.md").path, encoding: .utf8)
        for type in ProblemType.all {
            XCTAssertTrue(
                reference.contains("| `\(type.slug)` | \(type.status.code) |"),
                "Docs/api.md's problem table lacks \(type.slug)")
        }
    }

    func testIndexIsHTMLForBrowsers() throws {
        let page = try api.get("/", headers: ["Accept": "text/html,application/xhtml+xml,*/*;q=0.8"])
        XCTAssertEqual(page.header("Content-Type"), "text/html; charset=utf-8")
        XCTAssertTrue(page.text.contains("<a href=\"/v1/talks?process=astana"))
    }
}

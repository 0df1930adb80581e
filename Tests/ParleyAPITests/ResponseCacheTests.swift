import HTTPServer
import XCTest

@testable import ParleyAPI

/// The per-loop response cache: bounded, oldest out first, and invisible to clients — a kept
/// answer is byte for byte what the route computes, conditions still apply, and only finished
/// 200s of cacheable routes are kept.
final class ResponseCacheTests: XCTestCase {
    private func key(_ path: String, gzip: Bool = false) -> ResponseCache.Key {
        ResponseCache.Key(path: path, query: nil, format: .json, gzip: gzip)
    }

    private func response(bytes: Int, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json", body: [UInt8](repeating: 32, count: bytes))
    }

    func testStaysWithinItsBudgetAndEvictsTheOldestFirst() {
        let statistics = ResponseCacheStatistics(budgetPerLoop: 64 * 1024)
        var cache = ResponseCache(budget: 64 * 1024, statistics: statistics)
        for index in 0..<200 {
            cache.insert(key("/v1/talks/t\(index)"), response: response(bytes: 1000), etag: "\"e\(index)\"")
            XCTAssertLessThanOrEqual(cache.bytes, 64 * 1024)
        }
        XCTAssertNil(cache.lookup(key("/v1/talks/t0")), "the oldest answers made room")
        XCTAssertEqual(cache.lookup(key("/v1/talks/t199"))?.etag, "\"e199\"")
        let kept = (0..<200).filter { cache.lookup(key("/v1/talks/t\($0)")) != nil }
        XCTAssertEqual(kept, Array(kept.first!..<200), "what is kept is the newest, without gaps")
        XCTAssertGreaterThan(kept.count, 40)
        let counted = statistics.snapshot
        XCTAssertEqual(counted.bytes, cache.bytes)
        XCTAssertEqual(counted.entries, kept.count)
    }

    func testAdmitsAnAnswerOnItsSecondMissOnly() {
        var cache = ResponseCache(budget: 64 * 1024, statistics: ResponseCacheStatistics(budgetPerLoop: 64 * 1024))
        XCTAssertFalse(cache.admits(key("/v1/talks/a")), "a first miss is only remembered")
        XCTAssertTrue(cache.admits(key("/v1/talks/a")), "a second miss is kept")
        // A scan of many distinct keys is never admitted, so it neither pays for keeping nor evicts.
        let scanned = (0..<20_000).filter { cache.admits(key("/v1/talks/t\($0)")) }
        XCTAssertLessThan(scanned.count, 20, "only slot collisions slip through")
        var off = ResponseCache(budget: 0, statistics: ResponseCacheStatistics(budgetPerLoop: 0))
        XCTAssertFalse(off.admits(key("/x")) || off.admits(key("/x")))
    }

    func testKeepsOnlyFinishedSmallOKAnswers() {
        let statistics = ResponseCacheStatistics(budgetPerLoop: 64 * 1024)
        var cache = ResponseCache(budget: 64 * 1024, statistics: statistics)
        cache.insert(key("/big"), response: response(bytes: 5000), etag: "\"b\"")
        XCTAssertNil(cache.lookup(key("/big")), "over a sixteenth of the budget")
        cache.insert(key("/missing"), response: response(bytes: 10, status: .notFound), etag: "\"m\"")
        XCTAssertNil(cache.lookup(key("/missing")))
        var streamed = response(bytes: 0)
        streamed.bodyStream = EmptyStream()
        cache.insert(key("/export"), response: streamed, etag: "\"x\"")
        XCTAssertNil(cache.lookup(key("/export")))
        cache.insert(key("/item"), response: response(bytes: 10), etag: "\"i\"")
        XCTAssertNil(cache.lookup(key("/item", gzip: true)), "another coding is another answer")
        XCTAssertNotNil(cache.lookup(key("/item")))
        let off = ResponseCacheStatistics(budgetPerLoop: 0)
        var disabled = ResponseCache(budget: 0, statistics: off)
        disabled.insert(key("/item"), response: response(bytes: 10), etag: "\"i\"")
        XCTAssertFalse(disabled.isEnabled)
        XCTAssertEqual(disabled.bytes, 0)
    }

    /// Over real sockets, one loop: the second answer comes from the cache and equals the first.
    func testAKeptAnswerIsTheComputedOneAndConditionsStillApply() throws {
        let api = try APITestServer { $0.eventLoops = 1 }
        defer { api.stop() }
        let paths = [
            "/v1/talks/astana-1", "/v1/talks?process=astana&limit=3", "/v1/search?q=ceasefire&limit=2",
            "/v1/talks/astana-1?fields=title",
        ]
        for path in paths {
            for headers in [[:], ["Accept-Encoding": "gzip"]] {
                let first = try api.get(path, headers: headers)
                let second = try api.get(path, headers: headers)
                XCTAssertEqual(first.status, 200, path)
                XCTAssertEqual(second.body, first.body, path)
                XCTAssertEqual(comparable(second.headers), comparable(first.headers), path)
                let etag = try XCTUnwrap(first.header("ETag"))
                XCTAssertEqual(try api.get(path, headers: headers.merging(["If-None-Match": etag]) { $1 }).status, 304)
                XCTAssertEqual(try api.get(path, headers: headers.merging(["If-None-Match": "*"]) { $1 }).status, 304)
                XCTAssertEqual(
                    try api.get(path, headers: headers.merging(["If-None-Match": "\"other\""]) { $1 }).status, 200)
                let lastModified = try XCTUnwrap(first.header("Last-Modified"))
                XCTAssertEqual(
                    try api.get(path, headers: headers.merging(["If-Modified-Since": lastModified]) { $1 }).status, 304)
            }
        }
        // Errors are computed every time, and a cached path with a bad parameter is still a 400.
        XCTAssertEqual(try api.get("/v1/talks/astana-1?feilds=title").status, 400)
        XCTAssertEqual(try api.get("/v1/talks/astana-1?feilds=title").status, 400)
        XCTAssertEqual(try api.get("/v1/talks/no-such-talk").status, 404)
        let metrics = try api.get("/metrics").text
        let hits = metrics.split(separator: "\n").first {
            $0.hasPrefix("parley_response_cache_requests_total{result=\"hit\"}")
        }
        let count = Double(hits?.split(separator: " ").last ?? "0") ?? 0
        // Kept from the second request (the doorkeeper), so each of the four conditional requests hit.
        XCTAssertGreaterThanOrEqual(count, Double(paths.count * 2 * 4), "every request after the second was a hit")
        XCTAssertTrue(metrics.contains("parley_response_cache_bytes "))
    }

    func testTheSameAnswersWithTheCacheOff() throws {
        let cached = try APITestServer { $0.eventLoops = 1 }
        let uncached = try APITestServer(responseCacheBytes: 0) { $0.eventLoops = 1 }
        defer {
            cached.stop()
            uncached.stop()
        }
        for path in ["/v1/talks/astana-1", "/v1/zones?format=geojson", "/openapi.json", "/v1/talks?sort=-start_date"] {
            _ = try cached.get(path)
            let kept = try cached.get(path)
            let computed = try uncached.get(path)
            XCTAssertEqual(kept.status, computed.status, path)
            XCTAssertEqual(kept.body, computed.body, path)
        }
    }

    /// With a list of origins, the CORS fields depend on the request's Origin: a kept answer
    /// leaves them out and each hit gets its own.
    func testOriginDependentCORSFieldsAreNotKept() throws {
        let api = try APITestServer(corsOrigins: ["https://a.example", "https://b.example"]) { $0.eventLoops = 1 }
        defer { api.stop() }
        for origin in ["https://a.example", "https://b.example", "https://a.example", "https://c.example"] {
            let response = try api.get("/v1/talks/astana-1", headers: ["Origin": origin])
            XCTAssertEqual(response.status, 200)
            let allowed = origin == "https://c.example" ? nil : origin
            XCTAssertEqual(response.header("Access-Control-Allow-Origin"), allowed, origin)
            XCTAssertEqual(
                response.headers.filter { $0.name == "Access-Control-Allow-Origin" }.count, allowed == nil ? 0 : 1)
            XCTAssertEqual(response.headers.filter { $0.name == "X-Dataset-Version" }.count, 1)
        }
    }

    func testFrozenHeadersAreWrittenAndFoundInOrder() {
        var response = HTTPResponse(status: .ok, headers: [("ETag", "\"a\""), ("Vary", "Accept")])
        response.freezeHeaders()
        response.addHeader("X-Late", "1")
        XCTAssertEqual(response.header("etag"), "\"a\"")
        XCTAssertEqual(response.header("vary"), "Accept")
        XCTAssertEqual(response.header("x-late"), "1")
        XCTAssertNil(response.header("age"))
        XCTAssertEqual(String(decoding: response.headerBlock, as: UTF8.self), "\r\nETag: \"a\"\r\nVary: Accept")
    }

    /// Headers that differ per request (or per store build) are left out of the comparison.
    private func comparable(_ headers: [(name: String, value: String)]) -> [String] {
        headers.filter { !["date", "x-request-id"].contains($0.name.lowercased()) }.map { "\($0.name): \($0.value)" }
    }
}

private final class EmptyStream: HTTPBodyStream {
    func nextChunk() -> HTTPBodyChunk { .end }
}

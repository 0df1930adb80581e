import XCTest
@testable import HTTPServer

/// The HTTP engine's pure pieces: the rate limiter on an injected clock, and the serializer byte
/// for byte.
final class HTTPPurePiecesTests: XCTestCase {
    func testRateLimiterRefillsAtItsRateOnTheInjectedClock() {
        let limiter = RateLimiter(rate: 2, burst: 3)
        let start = MonotonicInstant(milliseconds: 1_000)
        let first = (0..<4).map { _ in limiter.take(client: "a", now: start).allowed }
        XCTAssertEqual(first, [true, true, true, false], "a burst of 3, then refused")
        XCTAssertTrue(limiter.take(client: "b", now: start).allowed, "clients have buckets of their own")
        XCTAssertFalse(
            limiter.take(client: "a", now: start.advanced(byMilliseconds: 400)).allowed, "0.8 tokens after 400 ms")
        XCTAssertTrue(
            limiter.take(client: "a", now: start.advanced(byMilliseconds: 500)).allowed, "one token after 500 ms at 2/s"
        )
        let refused = limiter.take(client: "a", now: start.advanced(byMilliseconds: 500))
        XCTAssertEqual(
            refused, RateLimiter.Decision(allowed: false, limit: 3, remaining: 0, resetSeconds: refused.resetSeconds))
        XCTAssertGreaterThanOrEqual(refused.resetSeconds, 1)
    }

    func testSerializerWritesTheHeadAndBodyByteForByte() {
        let response = HTTPResponse(
            status: .ok, contentType: "text/plain; charset=utf-8", headers: [("ETag", "\"x\"")], body: Array("hi".utf8))
        let bytes = ResponseSerializer.serialize(
            response, framing: .init(keepAlive: true, http10: false, omitBody: false),
            date: Array("Fri, 04 Dec 2026 12:00:00 GMT".utf8),
            requestID: "r-1")
        XCTAssertEqual(
            String(decoding: bytes, as: UTF8.self),
            "HTTP/1.1 200 OK\r\nDate: Fri, 04 Dec 2026 12:00:00 GMT\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\n"
                + "X-Request-Id: r-1\r\nX-Content-Type-Options: nosniff\r\nETag: \"x\"\r\n\r\nhi")
        let head = ResponseSerializer.serialize(
            response, framing: .init(keepAlive: true, http10: true, omitBody: true), date: Array("D".utf8),
            requestID: "r-2")
        var kept = response
        kept.freezeHeaders()
        kept.addHeader("RateLimit-Remaining", "9")
        let frozen = ResponseSerializer.serialize(
            kept, framing: .init(keepAlive: true, http10: false, omitBody: true), date: Array("D".utf8),
            requestID: "r-4")
        XCTAssertTrue(
            String(decoding: frozen, as: UTF8.self).hasSuffix(
                "nosniff\r\nETag: \"x\"\r\nRateLimit-Remaining: 9\r\n\r\n"),
            "frozen header fields first, then those added later")
        XCTAssertEqual(
            String(decoding: head, as: UTF8.self),
            "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\nConnection: keep-alive\r\n"
                + "X-Request-Id: r-2\r\nX-Content-Type-Options: nosniff\r\nETag: \"x\"\r\n\r\n",
            "HEAD over HTTP/1.0 keep-alive: the GET's headers, no body")
        let notModified = ResponseSerializer.serialize(
            HTTPResponse(status: .notModified), framing: .init(keepAlive: false, http10: false, omitBody: false),
            date: Array("D".utf8),
            requestID: "r-3")
        XCTAssertEqual(
            String(decoding: notModified, as: UTF8.self),
            "HTTP/1.1 304 Not Modified\r\nDate: D\r\nConnection: close\r\nX-Request-Id: r-3\r\nX-Content-Type-Options: nosniff\r\n\r\n",
            "a 304 has no Content-Length and no body")
    }
}

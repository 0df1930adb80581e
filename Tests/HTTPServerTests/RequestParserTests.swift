import XCTest
@testable import HTTPServer

/// Table-driven tests of the pure parser: every framing rule and every limit, as byte literals.
final class RequestParserTests: XCTestCase {
    private func parse(_ text: String, limits: HTTPLimits = HTTPLimits()) -> ParseResult {
        RequestParser.parse(Array(text.utf8), limits: limits)
    }

    private func head(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> RequestHead? {
        guard case .complete(let head, let consumed) = parse(text) else {
            XCTFail("expected a complete head for \(text.debugDescription), got \(parse(text))", file: file, line: line)
            return nil
        }
        XCTAssertEqual(consumed, text.utf8.count, file: file, line: line)
        return head
    }

    func testParsesOriginFormRequestWithQueryAndHeaders() throws {
        let head = try XCTUnwrap(
            head(
                "GET /v1/talks?process=astana&limit=2 HTTP/1.1\r\nHost: localhost:8080\r\nAccept:  application/json  \r\n\r\n"
            ))
        XCTAssertEqual(head.method, .get)
        XCTAssertEqual(head.path, "/v1/talks")
        XCTAssertEqual(head.query, "process=astana&limit=2")
        XCTAssertEqual(head.value(of: "ACCEPT"), "application/json", "names match case-insensitively; OWS trimmed")
        XCTAssertEqual(head.versionMinor, 1)
        XCTAssertTrue(head.keepAlive)
    }

    func testConsumedStopsAtEndOfHeadSoPipelinedRequestsRemain() {
        let first = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
        guard case .complete(let head, let consumed) = parse(first + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n") else {
            return XCTFail()
        }
        XCTAssertEqual(head.path, "/a")
        XCTAssertEqual(consumed, first.utf8.count)
    }

    func testRejectsRawNonASCIIInTheTarget_9112_3_2() {
        for target in ["/\u{E9}", "/v1/talks/\u{E9}", "/v1/talks?q=\u{E9}", "/v1/\u{0627}"] {
            guard case .failure(let error) = parse("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n") else {
                return XCTFail(target)
            }
            XCTAssertEqual(error.status.code, 400, target)
            XCTAssertTrue(error.closesConnection, target)
        }
        XCTAssertNotNil(
            head("GET /%C3%A9 HTTP/1.1\r\nHost: x\r\n\r\n"), "percent-encoded, the same target is well formed")
    }

    func testIgnoresLeadingEmptyLines_9112_2_2() throws {
        let head = try XCTUnwrap(head("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        XCTAssertEqual(head.path, "/")
    }

    func testEveryPrefixOfAValidHeadIsIncomplete() {
        let bytes = Array("GET /v1/talks HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n".utf8)
        for end in 0..<bytes.count {
            XCTAssertEqual(RequestParser.parse(Array(bytes[0..<end])), .incomplete, "prefix of \(end) bytes")
        }
    }

    func testPersistenceDefaultsAndConnectionTokens_9112_9_3() throws {
        XCTAssertEqual(head("GET / HTTP/1.1\r\nHost: x\r\n\r\n")?.keepAlive, true)
        XCTAssertEqual(head("GET / HTTP/1.1\r\nHost: x\r\nConnection: Keep-Alive, CLOSE\r\n\r\n")?.keepAlive, false)
        XCTAssertEqual(head("GET / HTTP/1.0\r\n\r\n")?.keepAlive, false)
        XCTAssertEqual(head("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")?.keepAlive, true)
        XCTAssertEqual(head("GET / HTTP/1.0\r\nConnection: upgrade, keep-alive\r\n\r\n")?.keepAlive, true)
    }

    func testHigherMinorVersionIsTreatedAsHTTP11_9112_2_3() {
        XCTAssertEqual(head("GET / HTTP/1.2\r\nHost: x\r\n\r\n")?.isHTTP10, false)
    }

    func testTargetForms_9112_3_2() throws {
        let absolute = try XCTUnwrap(
            head("GET http://example.org/v1/talks?limit=1 HTTP/1.1\r\nHost: example.org\r\n\r\n"))
        XCTAssertEqual(absolute.targetForm, .absolute)
        XCTAssertEqual(absolute.path, "/v1/talks")
        XCTAssertEqual(absolute.query, "limit=1")
        XCTAssertEqual(head("GET HTTP://example.org HTTP/1.1\r\nHost: example.org\r\n\r\n")?.path, "/")
        XCTAssertEqual(head("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")?.targetForm, .asterisk)
    }

    func testUnknownMethodTokenParsesForA501Later() {
        XCTAssertEqual(head("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n")?.method, .other("BREW"))
    }

    /// Each malformed head and the status it must produce.
    func testRejectsMalformedHeads() {
        let cases: [(String, String, Int)] = [
            ("lowercase version", "GET / http/1.1\r\nHost: x\r\n\r\n", 400),
            ("missing version", "GET /\r\nHost: x\r\n\r\n", 400),
            ("two spaces in request line", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("tab in request line", "GET\t/ HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("method not a token", "GE(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("relative target", "GET v1/talks HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("asterisk with GET", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("fragment in target", "GET /a#b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("bad percent escape", "GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("truncated percent escape", "GET /a% HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("raw UTF-8 in target", "GET /café HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("bare LF after request line", "GET / HTTP/1.1\nHost: x\r\n\r\n", 400),
            ("bare LF in header", "GET / HTTP/1.1\r\nHost: x\nX: y\r\n\r\n", 400),
            ("bare CR in header", "GET / HTTP/1.1\r\nHost: x\rX: y\r\n\r\n", 400),
            ("NUL in header value", "GET / HTTP/1.1\r\nHost: x\r\nX: a\u{0}b\r\n\r\n", 400),
            ("space before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
            ("obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n", 400),
            ("invalid header name", "GET / HTTP/1.1\r\nHost: x\r\nX(y): z\r\n\r\n", 400),
            ("empty header name", "GET / HTTP/1.1\r\nHost: x\r\n: z\r\n\r\n", 400),
            ("missing Host in 1.1", "GET / HTTP/1.1\r\nX: y\r\n\r\n", 400),
            ("duplicate Host", "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400),
            ("invalid Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
            ("CL with TE", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            ("TE with CL", "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n", 400),
            ("duplicate CL", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n", 400),
            ("CL list", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0, 0\r\n\r\n", 400),
            ("CL with sign", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: +0\r\n\r\n", 400),
            ("CL in hex", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0x10\r\n\r\n", 400),
            ("CL overflow", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400),
            ("TE not ending in chunked", "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
            ("TE chunked twice", "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400),
            ("TE in HTTP/1.0", "GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            ("unknown transfer coding", "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: foo, chunked\r\n\r\n", 501),
            ("TE chunked: a body", "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 413),
            ("CL above zero: a body", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", 413),
            ("HTTP/2.0 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
            ("HTTP/0.9 style version", "GET / HTTP/0.9\r\n\r\n", 505),
            ("HTTP/3.0", "GET / HTTP/3.0\r\nHost: x\r\n\r\n", 505),
            ("unknown expectation", "GET / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n", 417),
        ]
        for (name, text, status) in cases {
            guard case .failure(let error) = parse(text) else {
                XCTFail("\(name): expected \(status), got \(parse(text))")
                continue
            }
            XCTAssertEqual(error.status.code, status, name)
            XCTAssertTrue(error.closesConnection, name)
        }
    }

    func testAcceptsContentLengthZeroAndExpect100Continue() {
        XCTAssertNotNil(head("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nExpect: 100-continue\r\n\r\n"))
    }

    func testRequestLineOverLimitIsURITooLong_414() {
        let limits = HTTPLimits(maxRequestLineBytes: 64)
        let long = "GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\nHost: x\r\n\r\n"
        XCTAssertEqual(parse(long, limits: limits), .failure(.uriTooLong))
        // Detected before the line ends, so a client cannot make the server buffer an endless line.
        XCTAssertEqual(parse("GET /" + String(repeating: "a", count: 100), limits: limits), .failure(.uriTooLong))
        XCTAssertEqual(parse("GET /" + String(repeating: "a", count: 20), limits: limits), .incomplete)
    }

    func testHeadOverSizeLimitIs431() {
        let limits = HTTPLimits(maxHeadBytes: 256)
        let big = "GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "v", count: 300) + "\r\n\r\n"
        guard case .failure(let error) = parse(big, limits: limits) else { return XCTFail() }
        XCTAssertEqual(error.status.code, 431)
        guard case .failure(let unfinished) = parse(String(big.prefix(290)), limits: limits) else {
            return XCTFail("must fail before the head ends")
        }
        XCTAssertEqual(unfinished.status.code, 431)
    }

    func testMoreThanMaxHeaderFieldsIs431() {
        let limits = HTTPLimits(maxHeaderCount: 3)
        let ok = "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\n\r\n"
        XCTAssertNotNil(head(ok))
        guard
            case .failure(let error) = parse(
                "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: limits)
        else { return XCTFail() }
        XCTAssertEqual(error.status.code, 431)
    }

    /// Seeded, so a failure names the input that caused it and reruns the same way. Every input
    /// gets one of the parser's three answers with its contract kept, and the connection state
    /// machine, fed the same way the I/O shell feeds it, stays consistent.
    func testArbitraryBytesGetADefinedOutcomeAndAConsistentConnection() {
        var generator = SeededGenerator(seed: 0x5EED_2026_1204)
        let alphabet = Array("GET /HTTP1.\r\n: \tHost-Content-Length0123456789chunked%\u{0}".utf8)
        var outcomes = (incomplete: 0, complete: 0, failure: 0)
        let now = MonotonicInstant(milliseconds: 0)
        for iteration in 0..<20_000 {
            let count = Int.random(in: 0...80, using: &generator)
            var bytes = (0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            // Half the inputs are a valid start with random header bytes and an end of head, so
            // that complete heads (and their framing checks) are exercised too.
            if iteration % 2 == 0 {
                bytes = Array("GET /a HTTP/1.1\r\nHost: x\r\n".utf8) + bytes.prefix(20) + Array("\r\n\r\n".utf8)
            }
            var connection = ConnectionStateMachine(timeouts: ConnectionTimeouts(), now: now)
            switch RequestParser.parse(bytes) {
            case .incomplete:
                outcomes.incomplete += 1
                connection.inputSettled(partialHeadBuffered: !bytes.isEmpty, now: now)
                XCTAssertTrue(
                    connection.acceptsRequests, "iteration \(iteration): waiting for more keeps the connection")
            case .complete(let head, let consumed):
                outcomes.complete += 1
                XCTAssertTrue(
                    consumed > 0 && consumed <= bytes.count,
                    "iteration \(iteration): consumed \(consumed) of \(bytes.count)")
                XCTAssertEqual(
                    RequestParser.parse(Array(bytes[0..<consumed])), .complete(head, consumed: consumed),
                    "iteration \(iteration)")
                let keepAlive = connection.requestReceived(keepAlive: head.keepAlive)
                XCTAssertEqual(connection.acceptsRequests, keepAlive, "iteration \(iteration)")
                XCTAssertEqual(
                    connection.outputFlushed(now: now), keepAlive ? .none : .halfCloseAndDrain, "iteration \(iteration)"
                )
            case .failure(let error):
                outcomes.failure += 1
                XCTAssertTrue((400..<600).contains(error.status.code), "iteration \(iteration): \(error.status.code)")
                connection.requestFailed()
                XCTAssertFalse(
                    connection.acceptsRequests, "iteration \(iteration): nothing is read after a parse error")
                XCTAssertEqual(
                    connection.outputFlushed(now: now), .halfCloseAndDrain,
                    "iteration \(iteration): the error response is followed by a close")
            }
        }
        // The alphabet is chosen so that all three outcomes occur; a change that made one vanish
        // would leave the test checking less than it says.
        XCTAssertGreaterThan(outcomes.incomplete, 100)
        XCTAssertGreaterThan(outcomes.complete, 0)
        XCTAssertGreaterThan(outcomes.failure, 100)
    }
}

/// SplitMix64: a small, seedable generator, so that random tests reproduce.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import XCTest
import Glibc
import Synchronization
import HTTPServer
import TestSupport

/// A handler that echoes the path, so tests can see which request each response belongs to.
final class EchoHandler: HTTPHandler {
    /// How many `/slow` requests have started, so a test can wait until one is in flight.
    static let slowStarted = Atomic<Int>(0)

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        if request.path == "/post-only" && request.method != .post {
            return HTTPResponse(
                status: .methodNotAllowed, contentType: "text/plain; charset=utf-8", headers: [("Allow", "POST")],
                body: Array("no".utf8))
        }
        if request.path == "/slow" {
            Self.slowStarted.add(1, ordering: .relaxed)
            usleep(300_000)  // the work being slow is the point of /slow
        }
        if request.path == "/big" {
            return HTTPResponse(
                status: .ok, contentType: "text/plain; charset=utf-8", body: [UInt8](repeating: 65, count: 4 << 20))
        }
        return HTTPResponse(
            status: .ok, contentType: "text/plain; charset=utf-8",
            body: Array("\(request.method.name) \(request.path)".utf8))
    }

    func errorResponse(for error: HTTPError, origin: String?) -> HTTPResponse {
        HTTPResponse(
            status: error.status, contentType: "application/problem+json; charset=utf-8",
            body: Array("{\"status\":\(error.status.code)}".utf8))
    }
}

/// The server over real loopback sockets, started in-process on an ephemeral port.
final class ServerIntegrationTests: XCTestCase {
    private var server: Server!

    private func start(_ adjust: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 2)
        configuration.timeouts = ConnectionTimeouts(head: 300, idle: 500, write: 1000, linger: 100)
        configuration.drainTimeoutMilliseconds = 2000
        adjust(&configuration)
        server = Server(configuration: configuration) { _ in EchoHandler() }
        try server.start()
    }

    override func tearDown() {
        server?.shutdown()
        server = nil
    }

    private func client() throws -> RawHTTPClient { try RawHTTPClient(port: server.port) }

    func testKeepAliveServesSeveralRequestsOnOneConnection() throws {
        try start()
        let client = try client()
        for index in 0..<3 {
            client.send("GET /r\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.text, "GET /r\(index)")
            XCTAssertNil(response.header("Connection"))
            XCTAssertNotNil(response.header("Date"))
            XCTAssertNotNil(response.header("X-Request-Id"))
            XCTAssertEqual(response.header("X-Content-Type-Options"), "nosniff")
        }
    }

    func testPipelinedRequestsAreAnsweredInOrder() throws {
        try start()
        let client = try client()
        client.send((0..<20).map { "GET /p\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
        for index in 0..<20 { XCTAssertEqual(try client.readResponse().text, "GET /p\(index)") }
    }

    func testHeadHasGetHeadersAndNoBody() throws {
        try start()
        let client = try client()
        client.send("HEAD /thing HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try client.readResponse(headRequest: true)
        XCTAssertEqual(head.header("Content-Length"), String("HEAD /thing".utf8.count))
        XCTAssertEqual(try client.readResponse().text, "GET /after", "no body bytes were sent for HEAD")
    }

    func testHTTP10ClosesByDefaultAndKeepsAliveWhenAsked() throws {
        try start()
        let plain = try client()
        plain.send("GET /a HTTP/1.0\r\n\r\n")
        XCTAssertEqual(try plain.readResponse().header("Connection"), "close")
        XCTAssertTrue(plain.waitForClose())

        let persistent = try client()
        persistent.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(try persistent.readResponse().header("Connection"), "keep-alive")
        persistent.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertEqual(try persistent.readResponse().text, "GET /b")
    }

    func testConnectionCloseIsHonouredAndLaterPipelinedRequestsIgnored() throws {
        try start()
        let client = try client()
        client.send("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try client.readResponse().header("Connection"), "close")
        XCTAssertTrue(client.waitForClose())
        XCTAssertTrue(client.leftover.isEmpty, "no second response after Connection: close")
    }

    private func assertErrorAndClose(_ request: String, status: Int, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        let client = try client()
        client.send(request)
        let response = try client.readResponse()
        XCTAssertEqual(response.status, status, file: file, line: line)
        XCTAssertEqual(response.header("Connection"), "close", file: file, line: line)
        XCTAssertTrue(client.waitForClose(), "connection closed after the error", file: file, line: line)
        XCTAssertTrue(client.leftover.isEmpty, "exactly one response", file: file, line: line)
    }

    func testFramingErrorsGetTheirStatusThenClose() throws {
        try start { $0.limits = HTTPLimits(maxRequestLineBytes: 128, maxHeadBytes: 512, maxHeaderCount: 10) }
        try assertErrorAndClose(
            "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabcGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
            status: 400)
        try assertErrorAndClose("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", status: 413)
        try assertErrorAndClose(
            "GET /" + String(repeating: "a", count: 200) + " HTTP/1.1\r\nHost: x\r\n\r\n", status: 414)
        try assertErrorAndClose(
            "GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "b", count: 600) + "\r\n\r\n", status: 431)
        try assertErrorAndClose("GET / HTTP/1.1\r\nX: y\r\n\r\n", status: 400)
        try assertErrorAndClose("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", status: 505)
    }

    func testErrorResponseReachesClientEvenWhenItKeepsSending() throws {
        try start()
        let client = try client()
        // The client keeps writing after the error: the server must drain, not reset, so the 413 arrives.
        client.send(
            "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + String(repeating: "z", count: 100_000))
        XCTAssertEqual(try client.readResponse().status, 413)
    }

    func testUnknownMethodIs501AndKeepsConnection() throws {
        try start()
        let client = try client()
        client.send("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 501)
        client.send("GET /after HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try client.readResponse().text, "GET /after")
    }

    func testHandler405CarriesAllow() throws {
        try start()
        let response = try RawHTTPClient.get("/post-only", port: server.port)
        XCTAssertEqual(response.status, 405)
        XCTAssertEqual(response.header("Allow"), "POST")
    }

    func testOptionsAsteriskListsMethods() throws {
        try start()
        let client = try client()
        client.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 204)
        XCTAssertEqual(response.header("Allow"), "GET, HEAD, OPTIONS")
    }

    func testHeadDeadlineClosesSlowClientWith408() throws {
        try start()
        let client = try client()
        client.send("GET / HTTP/1.1\r\nHost: x\r\n")
        let started = Date()
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 408)
        XCTAssertTrue(client.waitForClose())
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.0)
    }

    func testIdleKeepAliveConnectionIsClosed() throws {
        try start()
        let client = try client()
        client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try client.readResponse()
        let started = Date()
        XCTAssertTrue(client.waitForClose())
        XCTAssertGreaterThan(Date().timeIntervalSince(started), 0.3)
    }

    func testClientThatHalfClosesStillGetsResponse() throws {
        try start()
        let client = try client()
        client.send("GET /half HTTP/1.1\r\nHost: x\r\n\r\n")
        client.shutdownWrite()
        XCTAssertEqual(try client.readResponse().text, "GET /half")
        XCTAssertTrue(client.waitForClose())
    }

    func testConnectionsAboveTheCapGet503() throws {
        try start { $0.maxConnections = 2 }
        let first = try client()
        let second = try client()
        first.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n")
        second.send("GET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try first.readResponse().status, 200)
        XCTAssertEqual(try second.readResponse().status, 200)
        let third = try client()
        let refused = try third.readResponse()
        XCTAssertEqual(refused.status, 503)
        XCTAssertEqual(
            refused.header("Content-Length"), String(refused.body.count),
            "the length it declares is the length it sends")
        XCTAssertNotNil(refused.header("Date"))
        XCTAssertNotNil(refused.header("X-Request-Id"))
        XCTAssertEqual(refused.header("Connection"), "close")
        XCTAssertEqual(refused.header("Retry-After"), "1")
        XCTAssertTrue(third.waitForClose())
        // A client that sends its request at once still reads the 503, not a connection reset:
        // the server drains what was sent before it closes.
        for attempt in 0..<20 {
            let eager = try client()
            eager.send(
                "GET /eager HTTP/1.1\r\nHost: x\r\n\r\n"
                    + String(repeating: "GET /more HTTP/1.1\r\nHost: x\r\n\r\n", count: 50))
            XCTAssertEqual(try eager.readResponse().status, 503, "attempt \(attempt)")
        }
        first.send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(try first.readResponse().text, "GET /again", "connections in progress keep being served")
    }

    func testRateLimitAnswers429WithRetryAfterAndRateLimitHeaders() throws {
        try start { $0.rateLimit = (rate: 1, burst: 2) }
        let client = try client()
        client.send(String(repeating: "GET /r HTTP/1.1\r\nHost: x\r\n\r\n", count: 3))
        let first = try client.readResponse()
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first.header("RateLimit-Limit"), "2")
        XCTAssertEqual(first.header("RateLimit-Remaining"), "1")
        XCTAssertEqual(try client.readResponse().status, 200)
        let limited = try client.readResponse()
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited.header("Retry-After"), "1")
        XCTAssertEqual(limited.header("RateLimit-Remaining"), "0")
        XCTAssertNil(limited.header("Connection"), "the connection stays open")
        let refused = Date()
        XCTAssertTrue(
            try waitUntil(seconds: 3) { try RawHTTPClient.get("/later", port: server.port).status == 200 },
            "the bucket refills")
        XCTAssertGreaterThan(Date().timeIntervalSince(refused), 0.5, "at the configured rate, not at once")
    }

    func testLargeResponseIsDeliveredCompletelyToASlowReader() throws {
        try start()
        let client = try client()
        client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
        usleep(200_000)
        XCTAssertEqual(try client.readResponse().body.count, 4 << 20)
    }

    func testClientResetsNeverKillTheServerAndDescriptorsReturnToBaseline() throws {
        try start()
        let baseline = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
        for index in 0..<100 {
            let client = try client()
            client.send(
                index % 2 == 0 ? "GET /partial HTTP/1.1\r\nHost: x\r\nX-A: " : "GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(client.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        }
        XCTAssertEqual(try RawHTTPClient.get("/alive", port: server.port).text, "GET /alive")
        let deadline = Date().addingTimeInterval(3)
        while server.openConnectionCount > 0 && Date() < deadline { usleep(10_000) }
        XCTAssertEqual(server.openConnectionCount, 0)
        XCTAssertTrue(
            try waitUntil(seconds: 3) {
                try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count == baseline
            },
            "every socket closed")
    }

    func testShutdownFinishesInFlightRequestAndClosesIdleConnections() throws {
        try start()
        let idle = try client()
        idle.send("GET /warm HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try idle.readResponse()
        let busy = try client()
        let slowBefore = EchoHandler.slowStarted.load(ordering: .relaxed)
        busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertTrue(
            waitUntil(seconds: 3) { EchoHandler.slowStarted.load(ordering: .relaxed) > slowBefore },
            "the slow request is in flight")
        let server = self.server!
        let done = DispatchSemaphore(value: 0)
        let result = DrainResult()
        DispatchQueue.global().async {
            result.drained = server.shutdown()
            done.signal()
        }
        let response = try busy.readResponse()
        XCTAssertEqual(response.text, "GET /slow")
        XCTAssertTrue(busy.waitForClose(), "closed once its response is written")
        done.wait()
        let drained = result.drained
        XCTAssertTrue(drained)
        XCTAssertTrue(idle.waitForClose())
        XCTAssertEqual(server.openConnectionCount, 0)
        XCTAssertThrowsError(try RawHTTPClient(port: server.port), "no longer accepting")
    }
}

// @unchecked: written once before the semaphore is signalled, read only after waiting on it.
private final class DrainResult: @unchecked Sendable {
    // Written on one thread before the semaphore is signalled, read after waiting on it.
    var drained = false
}

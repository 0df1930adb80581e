import XCTest
import Foundation
import HTTPServer
import TestSupport

/// RFC 9112/9110 request handling over real sockets: exact bytes in, status lines counted out,
/// and whether the server closed the connection. The cases live in `Tests/Conformance/cases.json`,
/// shared with the llhttp differential script; each is named after the rule it enforces.
final class ConformanceTests: XCTestCase {
    struct Case: Decodable {
        let rule: String
        let request: String
        let statuses: [Int]
        let closed: Bool
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Conformance/cases.json")
        guard let data = try? Data(contentsOf: url), let cases = try? JSONDecoder().decode([Case].self, from: data)
        else { return [] }
        return cases
    }()

    private var server: Server!

    override func setUpWithError() throws {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 2)
        configuration.timeouts = ConnectionTimeouts(head: 2000, idle: 3000, write: 3000, linger: 200)
        server = Server(configuration: configuration) { _ in EchoHandler() }
        try server.start()
    }

    override func tearDown() {
        server.shutdown()
    }

    func testCaseFileIsPresent() {
        XCTAssertGreaterThanOrEqual(Self.cases.count, 60)
    }

    func testEveryConformanceCase() throws {
        for testCase in Self.cases {
            try check(testCase)
        }
    }

    private func check(_ testCase: Case) throws {
        let rule = testCase.rule
        let client = try RawHTTPClient(port: server.port, timeoutSeconds: 3)
        client.send(Array(testCase.request.utf8))
        var statuses: [Int] = []
        for _ in testCase.statuses {
            guard
                let response = try? client.readResponse(
                    headRequest: statuses.isEmpty && testCase.request.hasPrefix("HEAD"))
            else { break }
            statuses.append(response.status)
            XCTAssertEqual(response.header("X-Content-Type-Options"), "nosniff", rule)
            XCTAssertNotNil(response.header("Date"), rule)
            if response.status == 400 || response.status == 413 || response.status == 414 || response.status == 431
                || response.status == 505
            {
                XCTAssertEqual(response.header("Connection"), "close", "\(rule): a framing error announces the close")
            }
        }
        XCTAssertEqual(statuses, testCase.statuses, rule)
        if testCase.closed {
            XCTAssertTrue(client.waitForClose(), "\(rule): the server closes the connection")
            XCTAssertTrue(client.leftover.isEmpty, "\(rule): no further (smuggled) response")
        } else {
            client.send("GET /still-open HTTP/1.1\r\nHost: x\r\n\r\n")
            XCTAssertEqual(try? client.readResponse().text, "GET /still-open", "\(rule): the connection stays usable")
        }
    }
}

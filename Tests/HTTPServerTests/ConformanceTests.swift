import Foundation
import HTTPServer
import TestSupport
import Testing

/// One case of `Tests/Conformance/cases.json` (shared with the llhttp differential script): exact
/// request bytes, the statuses expected back, and whether the server must close.
struct ConformanceCase: Decodable, Sendable, CustomTestStringConvertible {
    let rule: String
    let request: String
    let statuses: [Int]
    let closed: Bool

    var testDescription: String { rule }

    /// The cases file, decoded; a missing or malformed file is an error, reported by `caseFileIsPresent`.
    static func load() throws -> [ConformanceCase] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Conformance/cases.json")
        return try JSONDecoder().decode([ConformanceCase].self, from: Data(contentsOf: url))
    }

    static let all: [ConformanceCase] = (try? load()) ?? []
}

/// RFC 9112/9110 request handling over real sockets, one test per case, each named after the rule
/// it enforces: status lines counted out, and whether the server closed the connection.
@Suite struct ConformanceTests {
    /// One echo server for every case (cases run in parallel, each on its own connection).
    static let server: Server = {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 2)
        configuration.timeouts = ConnectionTimeouts(head: 2000, idle: 3000, write: 3000, linger: 200)
        let server = Server(configuration: configuration) { _ in EchoHandler() }
        do { try server.start() } catch { preconditionFailure("the conformance server did not start: \(error)") }
        return server
    }()

    @Test func caseFileIsPresent() throws {
        #expect(try ConformanceCase.load().count >= 60)
    }

    @Test(arguments: ConformanceCase.all)
    func conformance(_ testCase: ConformanceCase) throws {
        let client = try RawHTTPClient(port: Self.server.port, timeoutSeconds: 3)
        client.send(Array(testCase.request.utf8))
        var statuses: [Int] = []
        for _ in testCase.statuses {
            guard
                let response = try? client.readResponse(
                    headRequest: statuses.isEmpty && testCase.request.hasPrefix("HEAD"))
            else { break }
            statuses.append(response.status)
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            #expect(response.header("Date") != nil)
            if [400, 413, 414, 431, 505].contains(response.status) {
                #expect(response.header("Connection") == "close", "a framing error announces the close")
            }
        }
        #expect(statuses == testCase.statuses)
        if testCase.closed {
            #expect(client.waitForClose(), "the server closes the connection")
            #expect(client.leftover.isEmpty, "no further (smuggled) response")
        } else {
            client.send("GET /still-open HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect((try? client.readResponse().text) == "GET /still-open", "the connection stays usable")
        }
    }
}

import Foundation
import XCTest

@testable import HTTPServer

/// The access log's lines, byte for byte: the JSON format the operations docs promise, escaping of
/// client bytes, the timestamp and the duration's three decimals.
final class AccessLogTests: XCTestCase {
    private func lines(_ format: AccessLogFormat, _ records: [RequestRecord]) throws -> [String] {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]) }
        var log = AccessLogBuffer(format: format, fd: fds[1])
        for record in records { log.append(record) }
        log.flush()
        close(fds[1])
        let data = FileHandle(fileDescriptor: fds[0]).readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    private let record = RequestRecord(
        time: 1_764_000_245.123_9, requestID: "abc123-7", method: "GET", target: "/v1/talks?q=\"x\"\\\u{1}é",
        status: 200, bytes: 2417, seconds: 0.000_512_4, client: "127.0.0.1", route: "/v1/talks")

    func testJSONLinesCarryEveryFieldAndEscapeClientBytes() throws {
        let line = try XCTUnwrap(try lines(.json, [record]).first)
        XCTAssertEqual(
            line,
            #"{"time":"2025-11-24T16:04:05.123Z","request_id":"abc123-7","method":"GET","path":"/v1/talks?q=\"x\"\\\u0001é","status":200,"bytes":2417,"duration_ms":0.512,"client":"127.0.0.1","route":"/v1/talks"}"#
        )
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(object["path"] as? String, record.target)
        var unrouted = record
        unrouted.route = nil
        unrouted.seconds = 12.345_678_9
        let second = try XCTUnwrap(try lines(.json, [unrouted]).first)
        XCTAssertTrue(second.hasSuffix(#""duration_ms":12345.679,"client":"127.0.0.1","route":null}"#), second)
    }

    func testTextLinesAndTheTimestampPrefixFollowTheClock() throws {
        var later = record
        later.time += 1.5  // the next second: the cached date prefix must change
        later.client = ""
        let text = try lines(.text, [record, later])
        XCTAssertEqual(
            text[0],
            "127.0.0.1 - - [2025-11-24T16:04:05.123Z] \"GET /v1/talks?q=\"x\"\\\u{1}é\" 200 2417 0.512 abc123-7")
        XCTAssertTrue(text[1].hasPrefix("- - - [2025-11-24T16:04:06.623Z] "), text[1])
        XCTAssertEqual(try lines(.off, [record]), [])
    }
}

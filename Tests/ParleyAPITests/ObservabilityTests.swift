import Foundation
import HTTPServer
import XCTest
import TestSupport

/// `/metrics` read back by a Prometheus text-format parser, and the access log read back as JSON.
final class ObservabilityTests: XCTestCase {
    func testMetricsAreValidPrometheusTextAndCountRequestsByRoutePattern() throws {
        let api = try APITestServer()
        defer { api.stop() }
        _ = try api.get("/v1/talks/astana-1")
        _ = try api.get("/v1/talks/astana-2")
        _ = try api.get("/v1/talks?process=astana")
        _ = try api.get("/no/such/thing")
        let response = try api.get("/metrics")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8")
        let exposition = try PrometheusParser.parse(response.text)

        XCTAssertEqual(exposition.types["parley_http_requests_total"], "counter")
        XCTAssertEqual(exposition.types["parley_http_request_duration_seconds"], "histogram")
        XCTAssertEqual(exposition.types["parley_store_query_seconds"], "histogram")
        func value(_ name: String, _ labels: [String: String]) -> Double? {
            exposition.samples.first { $0.name == name && $0.labels == labels }?.value
        }
        XCTAssertEqual(
            value("parley_http_requests_total", ["route": "/v1/talks/{id}", "method": "GET", "status": "200"]), 2,
            "items are counted under their pattern, not their path")
        XCTAssertEqual(
            value("parley_http_requests_total", ["route": "/v1/talks", "method": "GET", "status": "200"]), 1)
        XCTAssertEqual(
            value("parley_http_requests_total", ["route": "unmatched", "method": "GET", "status": "404"]), 1)
        XCTAssertEqual(value("parley_http_request_duration_seconds_count", ["route": "/v1/talks/{id}"]), 2)
        XCTAssertEqual(
            value(
                "parley_dataset_info",
                [
                    "version": api.application.info.datasetVersion,
                    "schema": String(api.application.info.schemaVersion),
                    "built_at": api.application.info.builtAt, "corpus": "false",
                ]), 1)
        XCTAssertGreaterThanOrEqual(value("parley_http_connections_total", [:]) ?? 0, 5)
        XCTAssertGreaterThan(value("parley_http_response_bytes_total", [:]) ?? 0, 1000)
        XCTAssertGreaterThan(value("parley_store_query_seconds_count", [:]) ?? 0, 0)
        XCTAssertGreaterThan(value("parley_process_resident_memory_bytes", [:]) ?? 0, 1_000_000)

        // A path a client made up never becomes a label value: series stay bounded.
        _ = try api.get("/v1/talks/\(UUID().uuidString)")
        let again = try PrometheusParser.parse(try api.get("/metrics").text)
        XCTAssertFalse(again.samples.contains { $0.labels.values.contains { $0.contains("-4") || $0.count > 40 } })
    }

    func testAccessLogIsOneJSONObjectPerRequestWithTheRequestID() throws {
        var pipe: [Int32] = [0, 0]
        XCTAssertEqual(Glibc.pipe(&pipe), 0)
        let api = try APITestServer {
            $0.accessLog = .json; $0.accessLogDescriptor = pipe[1]
        }
        let item = try api.get("/v1/talks/astana-1", headers: ["X-Request-Id": "trace-abc-123"])
        XCTAssertEqual(item.header("X-Request-Id"), "trace-abc-123", "a proxy's request id is honoured")
        let missing = try api.get("/v1/talks?proces=astana")
        let export = try api.get("/v1/talks.csv")
        api.stop()  // flushes the loops' log buffers
        close(pipe[1])
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(pipe[0], &chunk, chunk.count)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        close(pipe[0])
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        var byPath: [String: [String: Any]] = [:]
        for line in lines {
            let object = try XCTUnwrap(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
            XCTAssertEqual(
                Set(object.keys),
                ["time", "request_id", "method", "path", "status", "bytes", "duration_ms", "client", "route"])
            XCTAssertNotNil(ISO8601DateFormatter.parse(object["time"] as? String ?? ""), "RFC 3339 time")
            XCTAssertEqual(object["client"] as? String, "127.0.0.1")
            XCTAssertNotNil(object["duration_ms"] as? Double)
            byPath[object["path"] as? String ?? ""] = object
        }
        let logged = try XCTUnwrap(byPath["/v1/talks/astana-1"])
        XCTAssertEqual(logged["request_id"] as? String, "trace-abc-123")
        XCTAssertEqual(logged["status"] as? Int, 200)
        XCTAssertEqual(logged["method"] as? String, "GET")
        XCTAssertEqual(logged["route"] as? String, "/v1/talks/{id}")
        XCTAssertEqual(byPath["/v1/talks?proces=astana"]?["status"] as? Int, 400)
        XCTAssertEqual(byPath["/v1/talks?proces=astana"]?["request_id"] as? String, missing.header("X-Request-Id"))
        let streamed = try XCTUnwrap(byPath["/v1/talks.csv"])
        XCTAssertGreaterThan(
            streamed["bytes"] as? Int ?? 0, export.body.count,
            "a streamed export is logged with every byte written, framing included")
    }
}

extension ISO8601DateFormatter {
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}

/// A strict reader of the Prometheus text exposition format 0.0.4: HELP and TYPE before a
/// family's samples, valid metric and label names, escaped label values, numeric values, and for
/// histograms cumulative buckets ending in `+Inf` equal to `_count`.
enum PrometheusParser {
    struct Sample {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    struct Exposition {
        var types: [String: String] = [:]
        var samples: [Sample] = []
    }

    static func parse(_ text: String) throws -> Exposition {
        var exposition = Exposition()
        let name = try NSRegularExpression(pattern: "^[a-zA-Z_:][a-zA-Z0-9_:]*$")
        func validName(_ text: String) -> Bool {
            name.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, validName(String(parts[2])),
                    ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3])
                else {
                    throw TestFailure("bad TYPE line: \(line)")
                }
                guard exposition.types[String(parts[2])] == nil else {
                    throw TestFailure("family declared twice: \(line)")
                }
                exposition.types[String(parts[2])] = String(parts[3])
                continue
            }
            guard !line.hasPrefix("#") else { continue }
            var rest = Substring(line)
            let metric = String(rest.prefix { $0 != "{" && $0 != " " })
            guard validName(metric) else { throw TestFailure("bad metric name: \(line)") }
            rest = rest.dropFirst(metric.count)
            var labels: [String: String] = [:]
            if rest.first == "{" {
                rest = rest.dropFirst()
                while rest.first != "}" {
                    let label = String(rest.prefix { $0 != "=" })
                    guard validName(label), !label.hasPrefix("__"), rest.dropFirst(label.count).hasPrefix("=\"") else {
                        throw TestFailure("bad label: \(line)")
                    }
                    rest = rest.dropFirst(label.count + 2)
                    var value = ""
                    while let character = rest.first, character != "\"" {
                        rest = rest.dropFirst()
                        if character == "\\" {
                            guard let escaped = rest.first else { throw TestFailure("bad escape: \(line)") }
                            rest = rest.dropFirst()
                            switch escaped {
                            case "\\": value.append("\\")
                            case "\"": value.append("\"")
                            case "n": value.append("\n")
                            default: throw TestFailure("bad escape: \(line)")
                            }
                        } else {
                            value.append(character)
                        }
                    }
                    guard rest.first == "\"" else { throw TestFailure("unterminated label value: \(line)") }
                    rest = rest.dropFirst()
                    labels[label] = value
                    if rest.first == "," { rest = rest.dropFirst() }
                }
                rest = rest.dropFirst()
            }
            guard rest.first == " ", let value = Double(rest.dropFirst()) else {
                throw TestFailure("bad value: \(line)")
            }
            let family =
                ["_bucket", "_sum", "_count"].first {
                    metric.hasSuffix($0) && exposition.types[String(metric.dropLast($0.count))] == "histogram"
                }
                .map { String(metric.dropLast($0.count)) } ?? metric
            guard exposition.types[family] != nil else { throw TestFailure("sample before its TYPE: \(line)") }
            exposition.samples.append(Sample(name: metric, labels: labels, value: value))
        }
        try checkHistograms(exposition)
        return exposition
    }

    private static func checkHistograms(_ exposition: Exposition) throws {
        for (family, type) in exposition.types where type == "histogram" {
            var series: [[String: String]: [(Double, Double)]] = [:]
            for sample in exposition.samples where sample.name == family + "_bucket" {
                var key = sample.labels
                guard let bound = key.removeValue(forKey: "le") else {
                    throw TestFailure("bucket without le in \(family)")
                }
                series[key, default: []].append((bound == "+Inf" ? .infinity : Double(bound) ?? .nan, sample.value))
            }
            for (labels, buckets) in series {
                guard buckets.map(\.0) == buckets.map(\.0).sorted(), buckets.last?.0 == .infinity else {
                    throw TestFailure("\(family) buckets out of order")
                }
                guard buckets.map(\.1) == buckets.map(\.1).sorted() else {
                    throw TestFailure("\(family) buckets not cumulative")
                }
                let count = exposition.samples.first { $0.name == family + "_count" && $0.labels == labels }?.value
                guard count == buckets.last?.1 else { throw TestFailure("\(family) +Inf bucket differs from _count") }
            }
        }
    }
}

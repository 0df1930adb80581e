import Foundation
import Glibc

/// A response read back off the wire.
public struct RawResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    public func json() -> Any? { try? JSONSerialization.jsonObject(with: Data(body)) }
}

/// A blocking loopback client that sends exact bytes and parses what comes back, so tests can
/// assert status lines, headers, bodies and whether the server closed the connection.
public final class RawHTTPClient {
    public let fd: Int32

    public init(port: Int, timeoutSeconds: Int = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError.connect(errno) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw ClientError.connect(errno)
        }
    }

    deinit { close(fd) }

    public enum ClientError: Error { case connect(Int32), malformed(String), timeout }

    private var buffer: [UInt8] = []
    /// True once the server closed (read returned 0).
    public private(set) var sawEOF = false

    public func send(_ text: String) {
        send(Array(text.utf8))
    }

    public func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    public func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes; false on EOF, error or timeout.
    @discardableResult
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { buffer.append(contentsOf: chunk[0..<n]); return true }
        if n == 0 { sawEOF = true }
        return false
    }

    /// Reads one response. `headRequest` means no body follows whatever Content-Length says.
    public func readResponse(headRequest: Bool = false) throws -> RawResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            if let range = buffer.firstRange(of: separator) { headEnd = range.lowerBound; break }
            guard fill() else {
                throw sawEOF ? ClientError.malformed("connection closed before a response head") : ClientError.timeout
            }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw ClientError.malformed(statusLine)
        }
        let headers = lines.map { line -> (String, String) in
            let pieces = line.split(separator: ":", maxSplits: 1)
            return (String(pieces[0]), pieces.count > 1 ? pieces[1].trimmingCharacters(in: .whitespaces) : "")
        }
        buffer.removeFirst(headEnd! + 4)
        let chunked = headers.contains { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased() == "chunked" }
        if chunked && !headRequest {
            return RawResponse(status: status, headers: headers, body: try readChunkedBody())
        }
        let declared = headers.first { $0.0.lowercased() == "content-length" }?.1
        if declared == nil && !headRequest && status != 204 && status != 304 && status >= 200 {
            // Close-delimited (an HTTP/1.0 streamed body): everything until the server closes.
            while fill() {}
            let body = buffer
            buffer.removeAll()
            return RawResponse(status: status, headers: headers, body: body)
        }
        let length = headRequest || status == 204 || status == 304 ? 0 : Int(declared ?? "0") ?? 0
        while buffer.count < length {
            guard fill() else { throw ClientError.malformed("body shorter than Content-Length") }
        }
        let body = Array(buffer[0..<length])
        buffer.removeFirst(length)
        return RawResponse(status: status, headers: headers, body: body)
    }

    /// RFC 9112 §7.1: hex size line, data, CRLF; a zero-size chunk and CRLF end the body.
    private func readChunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            var lineEnd: Int?
            while lineEnd == nil {
                if let range = buffer.firstRange(of: [13, 10]) { lineEnd = range.lowerBound; break }
                guard fill() else { throw ClientError.malformed("chunked body ended early") }
            }
            guard let size = Int(String(decoding: buffer[0..<lineEnd!], as: UTF8.self), radix: 16) else {
                throw ClientError.malformed("bad chunk size")
            }
            buffer.removeFirst(lineEnd! + 2)
            while buffer.count < size + 2 {
                guard fill() else { throw ClientError.malformed("chunk shorter than its size") }
            }
            if size == 0 {
                buffer.removeFirst(2)
                return body
            }
            body += buffer[0..<size]
            buffer.removeFirst(size + 2)
        }
    }

    /// Waits for the server to close the connection; true if it did within the timeout.
    public func waitForClose() -> Bool {
        while !sawEOF {
            if !fill() { return sawEOF }
        }
        return true
    }

    /// Bytes received but not consumed as a response (e.g. a smuggled second response).
    public var leftover: [UInt8] { buffer }

    /// One request, one response, on a fresh connection.
    public static func get(_ path: String, port: Int, headers: [String: String] = [:]) throws -> RawResponse {
        let client = try RawHTTPClient(port: port)
        var request = "GET \(path) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        client.send(request + "Connection: close\r\n\r\n")
        return try client.readResponse()
    }
}

/// Polls `condition` every 5 ms until it holds or `seconds` pass: a wait on a condition, not a
/// sleep that hopes the condition has come true. Returns whether it held.
public func waitUntil(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(5_000)
    }
    return try condition()
}

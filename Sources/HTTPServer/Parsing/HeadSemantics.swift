/// The checks that need the whole field list: message framing, `Host`, persistence and `Expect`.
///
/// Kept apart from the byte scanner so each rule reads as one line of RFC 9112.
enum HeadSemantics {
    struct Outcome {
        var keepAlive: Bool
    }

    static func check(
        fields: [RequestHead.Field], in buffer: UnsafeRawBufferPointer, versionMinor: Int,
        limits: HTTPLimits
    ) throws(HTTPError) -> Outcome {
        var hosts: [Range<Int>] = []
        var contentLengths: [Range<Int>] = []
        var transferEncodings: [Range<Int>] = []
        var close = false
        var keepAliveToken = false
        var expectations: [Range<Int>] = []

        for field in fields {
            let name = buffer[field.name]
            if equalsIgnoringCase(name, "host") {
                hosts.append(field.value)
            } else if equalsIgnoringCase(name, "content-length") {
                contentLengths.append(field.value)
            } else if equalsIgnoringCase(name, "transfer-encoding") {
                transferEncodings.append(field.value)
            } else if equalsIgnoringCase(name, "expect") {
                expectations.append(field.value)
            } else if equalsIgnoringCase(name, "connection") {
                for token in listElements(buffer[field.value]) {
                    if equalsIgnoringCase(token, "close") { close = true }
                    if equalsIgnoringCase(token, "keep-alive") { keepAliveToken = true }
                }
            }
        }

        // Framing first: a message whose length is ambiguous must never be forwarded or answered as if clear.
        if !transferEncodings.isEmpty {
            if versionMinor == 0 {
                throw HTTPError.badRequest("Transfer-Encoding is not defined for HTTP/1.0 (RFC 9112 §6.1).")
            }
            if !contentLengths.isEmpty {
                throw HTTPError.badRequest(
                    "A request with both Content-Length and Transfer-Encoding is ambiguous (RFC 9112 §6.1).")
            }
            try checkTransferCodings(transferEncodings.flatMap { listElements(buffer[$0]) })
        }
        var announcedLength = 0
        if contentLengths.count > 1 {
            throw HTTPError.badRequest("Duplicate Content-Length fields (RFC 9112 §6.3).")
        }
        if let range = contentLengths.first {
            announcedLength = try parseContentLength(buffer[range])
        }

        if versionMinor >= 1 && hosts.isEmpty {
            throw HTTPError.badRequest("An HTTP/1.1 request must carry a Host header (RFC 9112 §3.2).")
        }
        if hosts.count > 1 { throw HTTPError.badRequest("Duplicate Host header fields (RFC 9112 §3.2).") }
        if let host = hosts.first, !buffer[host].allSatisfy(isHostChar) {
            throw HTTPError.badRequest("Invalid Host header value.")
        }

        if !transferEncodings.isEmpty || announcedLength > limits.maxBodyBytes { throw HTTPError.contentTooLarge }

        for expectation in expectations where !equalsIgnoringCase(buffer[expectation], "100-continue") {
            throw HTTPError.expectationFailed
        }

        let keepAlive = versionMinor == 0 ? (keepAliveToken && !close) : !close
        return Outcome(keepAlive: keepAlive)
    }

    private static let knownCodings = ["chunked", "gzip", "x-gzip", "deflate", "compress", "x-compress"]

    /// RFC 9112 §6.1: the final coding must be chunked, once; unknown codings are a 501 (§6.1 ¶16).
    private static func checkTransferCodings(_ codings: [Slice<UnsafeRawBufferPointer>]) throws(HTTPError) {
        let names = codings.map { coding -> Slice<UnsafeRawBufferPointer> in
            // A coding may carry parameters (`gzip;q=1`); only the name matters here.
            if let semicolon = coding.firstIndex(of: UInt8(ascii: ";")) { return trimmed(coding[..<semicolon]) }
            return coding
        }
        guard let last = names.last else { throw HTTPError.badRequest("Empty Transfer-Encoding.") }
        guard equalsIgnoringCase(last, "chunked") else {
            throw HTTPError.badRequest("Transfer-Encoding must end in chunked (RFC 9112 §6.1).")
        }
        if names.dropLast().contains(where: { equalsIgnoringCase($0, "chunked") }) {
            throw HTTPError.badRequest("chunked may be applied only once (RFC 9112 §6.1).")
        }
        for name in names where !knownCodings.contains(where: { equalsIgnoringCase(name, $0) }) {
            throw HTTPError.notImplemented("Unknown transfer coding \(String(decoding: name, as: UTF8.self)).")
        }
    }

    /// `Content-Length = 1*DIGIT`: no sign, no hex, no list, and small enough not to overflow.
    private static func parseContentLength(_ value: Slice<UnsafeRawBufferPointer>) throws(HTTPError) -> Int {
        guard !value.isEmpty, value.count <= 18, value.allSatisfy(ASCII.isDigit) else {
            throw HTTPError.badRequest("Content-Length must be a single decimal number (RFC 9110 §8.6).")
        }
        return value.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    /// Host is `uri-host [ ":" port ]`: letters, digits, the unreserved and sub-delims, brackets for IPv6.
    private static func isHostChar(_ byte: UInt8) -> Bool {
        if ASCII.isTokenChar(byte) && byte != UInt8(ascii: "|") && byte != UInt8(ascii: "^")
            && byte != UInt8(ascii: "`")
        {
            return true
        }
        return ":[](),;=".utf8.contains(byte)
    }

    /// Splits a comma-separated list, trimming optional whitespace and dropping empty elements (RFC 9110 §5.6.1).
    static func listElements(_ value: Slice<UnsafeRawBufferPointer>) -> [Slice<UnsafeRawBufferPointer>] {
        value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true)
            .map { trimmed($0) }
            .filter { !$0.isEmpty }
    }

    private static func trimmed(_ slice: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        var lower = slice.startIndex
        var upper = slice.endIndex
        while lower < upper, slice[lower] == ASCII.space || slice[lower] == ASCII.tab { lower += 1 }
        while upper > lower, slice[upper - 1] == ASCII.space || slice[upper - 1] == ASCII.tab { upper -= 1 }
        return slice[lower..<upper]
    }

    static func equalsIgnoringCase(_ bytes: Slice<UnsafeRawBufferPointer>, _ literal: String) -> Bool {
        let utf8 = literal.utf8
        guard bytes.count == utf8.count else { return false }
        return zip(bytes, utf8).allSatisfy { ASCII.lower($0) == $1 }
    }
}

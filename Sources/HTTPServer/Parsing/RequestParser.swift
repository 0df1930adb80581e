/// The outcome of offering a buffer to the parser.
public enum ParseResult: Equatable, Sendable {
    /// The buffer holds the start of a valid head; read more and call again.
    case incomplete
    /// A whole head; `consumed` bytes (including leading empty lines) belong to it.
    case complete(RequestHead, consumed: Int)
    /// The bytes can never become a valid request.
    case failure(HTTPError)
}

/// A pure request-head parser: bytes in, a result out. No I/O, no Foundation, no state between
/// calls, so it can be fuzzed and tested with byte literals (after picohttpparser's shape).
///
/// It is deliberately strict where leniency enables request smuggling: CRLF only, no obs-fold, no
/// whitespace before a colon, one `Content-Length` made of digits, never `Content-Length` together
/// with `Transfer-Encoding`, exactly one `Host` in HTTP/1.1 (RFC 9112 §§2.2, 3.2, 5.1, 6.1, 6.3).
public enum RequestParser {
    public static func parse(_ buffer: UnsafeRawBufferPointer, limits: HTTPLimits) -> ParseResult {
        var scanner = Scanner(buffer: buffer, limits: limits)
        do {
            guard let head = try scanner.scanHead() else { return .incomplete }
            return .complete(head, consumed: scanner.position)
        } catch {
            // Typed throws: every failure of the scanner is an HTTPError.
            return .failure(error)
        }
    }

    public static func parse(_ bytes: [UInt8], limits: HTTPLimits = HTTPLimits()) -> ParseResult {
        bytes.withUnsafeBytes { parse($0, limits: limits) }
    }
}

/// The cursor over one buffer. `nil` from a scan step means "need more bytes".
private struct Scanner {
    let buffer: UnsafeRawBufferPointer
    let limits: HTTPLimits
    var position = 0
    var lineStart = 0

    init(buffer: UnsafeRawBufferPointer, limits: HTTPLimits) {
        self.buffer = buffer
        self.limits = limits
    }

    private var atEnd: Bool { position >= buffer.count }

    mutating func scanHead() throws(HTTPError) -> RequestHead? {
        guard try skipLeadingEmptyLines() else { return nil }
        lineStart = position
        guard let line = try scanRequestLine() else { return nil }
        guard let fields = try scanFields() else { return nil }
        if position - lineStart > limits.maxHeadBytes {
            throw HTTPError.headerFieldsTooLarge("The request head is larger than \(limits.maxHeadBytes) bytes.")
        }
        let framing = try HeadSemantics.check(
            fields: fields, in: buffer, versionMinor: line.versionMinor, limits: limits)
        return makeHead(line: line, fields: fields, keepAlive: framing.keepAlive)
    }

    /// RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line.
    private mutating func skipLeadingEmptyLines() throws(HTTPError) -> Bool {
        while !atEnd {
            switch buffer[position] {
            case ASCII.cr:
                guard position + 1 < buffer.count else { return false }
                guard buffer[position + 1] == ASCII.lf else {
                    throw HTTPError.badRequest("Bare CR before the request line.")
                }
                position += 2
                if position > limits.maxHeadBytes {
                    throw HTTPError.badRequest("Too many empty lines before the request line.")
                }
            case ASCII.lf:
                throw HTTPError.badRequest("Bare LF before the request line; lines end in CRLF.")
            default:
                return true
            }
        }
        return false
    }

    struct RequestLine {
        var method: HTTPMethod
        var versionMinor: Int
        var target: Range<Int>
        var path: Range<Int>
        var query: Range<Int>?
        var form: RequestHead.TargetForm
    }

    private mutating func scanRequestLine() throws(HTTPError) -> RequestLine? {
        let methodStart = position
        while !atEnd, ASCII.isTokenChar(buffer[position]) { position += 1 }
        guard try requestLineContinues() else { return nil }
        guard buffer[position] == ASCII.space, position > methodStart else {
            throw HTTPError.badRequest(
                "Malformed request line: expected METHOD SP request-target SP HTTP-version CRLF.")
        }
        let method = HTTPMethod(token: UnsafeRawBufferPointer(rebasing: buffer[methodStart..<position]))
        position += 1

        let targetStart = position
        while !atEnd, ASCII.isTargetChar(buffer[position]) {
            position += 1
            if position - lineStart > limits.maxRequestLineBytes { throw HTTPError.uriTooLong }
        }
        guard try requestLineContinues() else { return nil }
        guard buffer[position] == ASCII.space, position > targetStart else {
            throw HTTPError.badRequest(
                "Malformed request line: the target is empty or contains a space, control or non-ASCII byte (percent-encode it)."
            )
        }
        let target = targetStart..<position
        position += 1

        guard let minor = try scanVersion() else { return nil }
        var line = RequestLine(
            method: method, versionMinor: minor, target: target, path: target, query: nil, form: .origin)
        try classifyTarget(&line)
        return line
    }

    /// False when the buffer ended inside the request line (and it is not yet too long).
    private func requestLineContinues() throws(HTTPError) -> Bool {
        if !atEnd { return true }
        if position - lineStart > limits.maxRequestLineBytes { throw HTTPError.uriTooLong }
        return false
    }

    /// Matches `HTTP/d.d CRLF`. Major versions other than 1 are a 505, including the HTTP/2 preface.
    private mutating func scanVersion() throws(HTTPError) -> Int? {
        let pattern: [UInt8] = Array("HTTP/0.0\r\n".utf8)
        for offset in 0..<pattern.count {
            guard position + offset < buffer.count else {
                if position + offset - lineStart > limits.maxRequestLineBytes { throw HTTPError.uriTooLong }
                return nil
            }
            let byte = buffer[position + offset]
            let ok = (offset == 5 || offset == 7) ? ASCII.isDigit(byte) : byte == pattern[offset]
            guard ok else {
                if offset == 8 && byte == ASCII.lf {
                    throw HTTPError.badRequest("Bare LF after the request line; lines end in CRLF.")
                }
                throw HTTPError.badRequest("Malformed HTTP version: expected HTTP/1.1 or HTTP/1.0.")
            }
        }
        if position + 8 - lineStart > limits.maxRequestLineBytes { throw HTTPError.uriTooLong }
        let major = Int(buffer[position + 5] - 48)
        let minor = Int(buffer[position + 7] - 48)
        position += pattern.count
        guard major == 1 else { throw HTTPError.versionNotSupported }
        return minor
    }

    /// RFC 9112 §3.2: origin-form, absolute-form, authority-form (CONNECT only) or `*` (OPTIONS only).
    private func classifyTarget(_ line: inout RequestLine) throws(HTTPError) {
        let target = line.target
        try checkPercentEscapes(target)
        let first = buffer[target.lowerBound]
        if first == ASCII.slash {
            splitPathAndQuery(from: target.lowerBound, in: &line)
        } else if first == ASCII.asterisk && target.count == 1 {
            guard line.method == .options else {
                throw HTTPError.badRequest("The target * is only valid with OPTIONS.")
            }
            line.form = .asterisk
            line.path = target
        } else if let authorityStart = schemeEnd(target) {
            var pathStart = authorityStart
            while pathStart < target.upperBound, buffer[pathStart] != ASCII.slash, buffer[pathStart] != ASCII.question {
                pathStart += 1
            }
            guard pathStart > authorityStart else {
                throw HTTPError.badRequest("The absolute-form target has no host.")
            }
            line.form = .absolute
            splitPathAndQuery(from: pathStart, in: &line)
        } else if line.method == .connect {
            line.form = .authority
            line.path = target
        } else {
            throw HTTPError.badRequest(
                "The request target must be an absolute path such as /v1/talks (or an absolute URI).")
        }
    }

    private func splitPathAndQuery(from start: Int, in line: inout RequestLine) {
        let end = line.target.upperBound
        var index = start
        while index < end, buffer[index] != ASCII.question { index += 1 }
        line.path = start..<index
        line.query = index < end ? (index + 1)..<end : nil
    }

    private func checkPercentEscapes(_ range: Range<Int>) throws(HTTPError) {
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = buffer[index]
            if byte == UInt8(ascii: "#") { throw HTTPError.badRequest("A request target cannot carry a #fragment.") }
            if byte == ASCII.percent {
                guard index + 2 < range.upperBound, ASCII.isHexDigit(buffer[index + 1]),
                    ASCII.isHexDigit(buffer[index + 2])
                else {
                    throw HTTPError.badRequest(
                        "Invalid percent-escape in the request target: % must be followed by two hex digits.")
                }
                index += 3
            } else {
                index += 1
            }
        }
    }

    /// The index after `http://` or `https://` (case-insensitive), or nil.
    private func schemeEnd(_ target: Range<Int>) -> Int? {
        for scheme in ["http://", "https://"] {
            let utf8 = Array(scheme.utf8)
            guard target.count > utf8.count else { continue }
            if zip(buffer[target.lowerBound..<(target.lowerBound + utf8.count)], utf8).allSatisfy({
                ASCII.lower($0) == $1
            }) {
                return target.lowerBound + utf8.count
            }
        }
        return nil
    }

    private mutating func scanFields() throws(HTTPError) -> [RequestHead.Field]? {
        var fields: [RequestHead.Field] = []
        while true {
            guard !atEnd else { return try needMore() }
            if position - lineStart > limits.maxHeadBytes {
                throw HTTPError.headerFieldsTooLarge("The request head is larger than \(limits.maxHeadBytes) bytes.")
            }
            switch buffer[position] {
            case ASCII.cr:
                guard position + 1 < buffer.count else { return try needMore() }
                guard buffer[position + 1] == ASCII.lf else {
                    throw HTTPError.badRequest("Bare CR in the request head.")
                }
                position += 2
                return fields
            case ASCII.lf:
                throw HTTPError.badRequest("Bare LF in the request head; lines end in CRLF.")
            case ASCII.space, ASCII.tab:
                throw HTTPError.badRequest(
                    "Obsolete line folding (a header line starting with whitespace) is not accepted.")
            default:
                guard let field = try scanField() else { return try needMore() }
                fields.append(field)
                if fields.count > limits.maxHeaderCount {
                    throw HTTPError.headerFieldsTooLarge(
                        "The request has more than \(limits.maxHeaderCount) header fields.")
                }
            }
        }
    }

    private mutating func scanField() throws(HTTPError) -> RequestHead.Field? {
        let nameStart = position
        while !atEnd, ASCII.isTokenChar(buffer[position]) { position += 1 }
        guard !atEnd else { return nil }
        guard buffer[position] == ASCII.colon else {
            if buffer[position] == ASCII.space || buffer[position] == ASCII.tab {
                throw HTTPError.badRequest("Whitespace between a header field name and the colon is not allowed.")
            }
            throw HTTPError.badRequest("Invalid character in a header field name.")
        }
        guard position > nameStart else { throw HTTPError.badRequest("Empty header field name.") }
        let name = nameStart..<position
        position += 1
        while !atEnd, buffer[position] == ASCII.space || buffer[position] == ASCII.tab { position += 1 }
        let valueStart = position
        var valueEnd = position
        while !atEnd, buffer[position] != ASCII.cr {
            let byte = buffer[position]
            guard ASCII.isFieldValueChar(byte) else {
                switch byte {
                case ASCII.lf: throw HTTPError.badRequest("Bare LF in a header field; lines end in CRLF.")
                case 0: throw HTTPError.badRequest("NUL byte in a header field value.")
                default: throw HTTPError.badRequest("Control character in a header field value.")
                }
            }
            position += 1
            if byte != ASCII.space && byte != ASCII.tab { valueEnd = position }
        }
        guard position + 1 < buffer.count else { return nil }
        guard buffer[position + 1] == ASCII.lf else { throw HTTPError.badRequest("Bare CR in a header field.") }
        position += 2
        return RequestHead.Field(name: name, value: valueStart..<valueEnd)
    }

    private func needMore() throws(HTTPError) -> [RequestHead.Field]? {
        if buffer.count - lineStart > limits.maxHeadBytes {
            throw HTTPError.headerFieldsTooLarge("The request head is larger than \(limits.maxHeadBytes) bytes.")
        }
        return nil
    }

    private func makeHead(line: RequestLine, fields: [RequestHead.Field], keepAlive: Bool) -> RequestHead {
        let base = lineStart
        let bytes = Array(buffer[base..<position])
        func shift(_ range: Range<Int>) -> Range<Int> { (range.lowerBound - base)..<(range.upperBound - base) }
        return RequestHead(
            method: line.method, versionMinor: line.versionMinor, targetForm: line.form, keepAlive: keepAlive,
            bytes: bytes, targetRange: shift(line.target), pathRange: shift(line.path),
            queryRange: line.query.map(shift),
            fields: fields.map { RequestHead.Field(name: shift($0.name), value: shift($0.value)) })
    }
}

/// A response as the handler builds it. The server adds the framing and the headers every
/// response carries (`Date`, `Content-Length`, `Connection`, `X-Request-Id`, `X-Content-Type-Options`).
// @unchecked: a `bodyStream` is made by a handler on its loop and read only on that same loop.
public struct HTTPResponse: @unchecked Sendable {
    public var status: HTTPStatus
    /// `Content-Type` including its charset, e.g. `application/json; charset=utf-8`.
    public var contentType: String?
    /// Further header fields, written in this order (after `headerBlock`).
    public var headers: [(name: String, value: String)]
    /// Header fields already written out as `\r\nName: value` lines (`freezeHeaders()`), for an
    /// answer sent many times: the serializer copies them in one go instead of field by field.
    public private(set) var headerBlock: [UInt8] = []
    public var body: [UInt8]
    /// When set, the body is produced piece by piece as the client reads (chunked in HTTP/1.1,
    /// close-delimited in HTTP/1.0), and `body` is ignored: exports never sit whole in memory.
    public var bodyStream: (any HTTPBodyStream)?
    /// The route pattern that produced this response, for metrics and logs; never sent.
    public var route: String?

    public init(
        status: HTTPStatus, contentType: String? = nil, headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        bodyStream: (any HTTPBodyStream)? = nil
    ) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        // Room for what the service layer adds (validators, CORS, version…), so those appends
        // do not reallocate the array one by one (a measured cost on every request).
        self.headers.reserveCapacity(headers.count + 10)
        self.body = body
        self.bodyStream = bodyStream
    }

    public mutating func addHeader(_ name: String, _ value: String) {
        headers.append((name, value))
    }

    /// Moves `headers` into `headerBlock`, in order; fields added later are written after them.
    public mutating func freezeHeaders() {
        var block = headerBlock
        block.reserveCapacity(block.count + headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 })
        for (name, value) in headers {
            block.append(contentsOf: [13, 10])
            block.append(contentsOf: name.utf8)
            block.append(contentsOf: [58, 32])
            block.append(contentsOf: value.utf8)
        }
        headerBlock = block
        headers.removeAll()
    }

    /// The first field named `name` (case-insensitively), frozen or not.
    public func header(_ name: String) -> String? {
        for line in headerBlock.split(separator: 10) {
            guard let colon = line.firstIndex(of: 58) else { continue }
            let fieldName = line[line.startIndex..<colon].filter { $0 != 13 }
            if fieldName.elementsEqual(name.utf8, by: { ASCII.lower($0) == ASCII.lower($1) }) {
                return String(decoding: line[(colon + 2)...].filter { $0 != 13 }, as: UTF8.self)
            }
        }
        return headers.first { $0.name.utf8.elementsEqual(name.utf8) { ASCII.lower($0) == ASCII.lower($1) } }?.value
    }
}

/// One step of a streamed body.
public enum HTTPBodyChunk: Sendable {
    case data([UInt8])
    /// The body is complete.
    case end
    /// Producing the body failed after the head was sent: the connection is closed without the
    /// final chunk, so the client sees a truncated response instead of a falsely complete one.
    case abort
}

/// A response body produced on demand, on the event loop that owns the connection, only when
/// the connection has room in its output queue (so a slow reader slows the producer).
public protocol HTTPBodyStream: AnyObject {
    func nextChunk() -> HTTPBodyChunk
}

/// A request as handed to the handler: the parsed head plus what the server assigned to it.
public struct HTTPRequest: Sendable {
    public let head: RequestHead
    /// The request id sent back as `X-Request-Id` (the client's own, when it sent a valid one).
    public let requestID: String

    /// The path, still percent-encoded (`RequestHead.path`), made once: routing, the cache key and
    /// links all read it.
    public let path: String
    /// The query without the `?`, still percent-encoded; nil when the target has none.
    public let query: String?

    public init(head: RequestHead, requestID: String) {
        self.head = head
        self.requestID = requestID
        self.path = head.path
        self.query = head.query
    }

    public var method: HTTPMethod { head.method }
    public func header(_ name: String) -> String? { head.value(of: name) }
}

/// The service layer plugs in here. One instance lives on each event loop and is only ever called
/// from that loop's serial queue, so it may own non-thread-safe state such as a database connection.
public protocol HTTPHandler: AnyObject {
    /// Answers a request whose head parsed cleanly and whose method token is known.
    func handle(_ request: HTTPRequest) -> HTTPResponse
    /// Builds the body of an error the server detects itself (parse failures, 501, 408, 429, 503),
    /// so that every error on every path has the service's one format. `origin` is the request's
    /// `Origin` when its head was read (nil for parse failures and timeouts), so a browser on an
    /// allowed origin can read the error too.
    func errorResponse(for error: HTTPError, origin: String?) -> HTTPResponse
}

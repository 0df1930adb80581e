/// A response as the handler builds it. The server adds the framing and the headers every
/// response carries (`Date`, `Content-Length`, `Connection`, `X-Request-Id`, `X-Content-Type-Options`).
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    /// `Content-Type` including its charset, e.g. `application/json; charset=utf-8`.
    public var contentType: String?
    /// Further header fields, written in this order.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: HTTPStatus, contentType: String? = nil, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    public mutating func addHeader(_ name: String, _ value: String) {
        headers.append((name, value))
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A request as handed to the handler: the parsed head plus what the server assigned to it.
public struct HTTPRequest: Sendable {
    public let head: RequestHead
    /// The request id sent back as `X-Request-Id` (the client's own, when it sent a valid one).
    public let requestID: String

    public init(head: RequestHead, requestID: String) {
        self.head = head
        self.requestID = requestID
    }

    public var method: HTTPMethod { head.method }
    public var path: String { head.path }
    public var query: String? { head.query }
    public func header(_ name: String) -> String? { head.value(of: name) }
}

/// The service layer plugs in here. One instance lives on each event loop and is only ever called
/// from that loop's serial queue, so it may own non-thread-safe state such as a database connection.
public protocol HTTPHandler: AnyObject {
    /// Answers a request whose head parsed cleanly and whose method token is known.
    func handle(_ request: HTTPRequest) -> HTTPResponse
    /// Builds the body of an error the server detects itself (parse failures, 501, 408, 503), so
    /// that every error on every path has the service's one format.
    func errorResponse(for error: HTTPError) -> HTTPResponse
}

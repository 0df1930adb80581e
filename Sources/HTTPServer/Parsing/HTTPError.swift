/// Every way a request can fail at the HTTP layer, each knowing its status code.
///
/// One error type for the layer, mapped to a status in one place (as Go's net/http and NIO do),
/// so that the parser, the connection and the conformance tests agree on what a failure means.
public enum HTTPError: Error, Equatable, Sendable {
    /// Malformed syntax or ambiguous framing; the reason names the rule that was broken.
    case badRequest(String)
    /// The request line is longer than `HTTPLimits.maxRequestLineBytes`.
    case uriTooLong
    /// The head is larger than `maxHeadBytes` or has more than `maxHeaderCount` fields.
    case headerFieldsTooLarge(String)
    /// A body was announced; Parley's API takes none.
    case contentTooLarge
    /// A transfer coding or method token this server does not implement.
    case notImplemented(String)
    /// Any HTTP major version other than 1 (including the HTTP/2 connection preface).
    case versionNotSupported
    /// An `Expect` header other than `100-continue`.
    case expectationFailed
    /// The head did not arrive within the head deadline.
    case requestTimeout
    /// The client is over its rate limit; it may retry after this many seconds.
    case tooManyRequests(retryAfter: Int)

    public var status: HTTPStatus {
        switch self {
        case .badRequest: return .badRequest
        case .uriTooLong: return .uriTooLong
        case .headerFieldsTooLarge: return .requestHeaderFieldsTooLarge
        case .contentTooLarge: return .contentTooLarge
        case .notImplemented: return .notImplemented
        case .versionNotSupported: return .httpVersionNotSupported
        case .expectationFailed: return .expectationFailed
        case .requestTimeout: return .requestTimeout
        case .tooManyRequests: return .tooManyRequests
        }
    }

    /// A sentence for the client saying what was wrong and how to fix it.
    public var detail: String {
        switch self {
        case .badRequest(let reason): return reason
        case .uriTooLong: return "The request line is longer than this server accepts; shorten the query."
        case .headerFieldsTooLarge(let reason): return reason
        case .contentTooLarge:
            return
                "This API takes no request body; send GET, HEAD or OPTIONS without Content-Length or Transfer-Encoding."
        case .notImplemented(let reason): return reason
        case .versionNotSupported: return "Only HTTP/1.0 and HTTP/1.1 are supported."
        case .expectationFailed: return "Only the expectation 100-continue is understood."
        case .requestTimeout: return "The request head did not arrive in time."
        case .tooManyRequests(let seconds): return "Too many requests from this client; retry after \(seconds) s."
        }
    }

    /// Every parse failure leaves the framing in doubt, so the connection closes after the response;
    /// a rate-limited request was framed cleanly, so its connection may stay open.
    public var closesConnection: Bool {
        if case .tooManyRequests = self { return false }
        return true
    }
}

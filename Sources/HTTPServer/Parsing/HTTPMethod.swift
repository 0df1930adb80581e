/// The request method. Tokens outside RFC 9110's registered set are kept as `.other` so the
/// server can answer 501 for them and 405 for the known ones a route does not allow.
public enum HTTPMethod: Equatable, Hashable, Sendable {
    case get, head, options, post, put, delete, patch, trace, connect
    /// The safe method with a body from the HTTP QUERY draft, registered with IANA.
    case query
    case other(String)

    /// The methods a read-only server answers, as `Allow` and CORS list them.
    public static let readOnlyAllowList = "GET, HEAD, OPTIONS"

    init(token: UnsafeRawBufferPointer) {
        switch token.count {
        case 3 where Self.equals(token, "GET"): self = .get
        case 4 where Self.equals(token, "HEAD"): self = .head
        case 7 where Self.equals(token, "OPTIONS"): self = .options
        case 4 where Self.equals(token, "POST"): self = .post
        case 3 where Self.equals(token, "PUT"): self = .put
        case 6 where Self.equals(token, "DELETE"): self = .delete
        case 5 where Self.equals(token, "PATCH"): self = .patch
        case 5 where Self.equals(token, "TRACE"): self = .trace
        case 7 where Self.equals(token, "CONNECT"): self = .connect
        case 5 where Self.equals(token, "QUERY"): self = .query
        default: self = .other(String(decoding: token, as: UTF8.self))
        }
    }

    /// Method tokens are case-sensitive (RFC 9110 §9.1), so this is a plain byte comparison.
    private static func equals(_ token: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard token.count == literal.utf8CodeUnitCount else { return false }
        let bytes = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        return token.elementsEqual(bytes)
    }

    public var name: String {
        switch self {
        case .get: return "GET"
        case .head: return "HEAD"
        case .options: return "OPTIONS"
        case .post: return "POST"
        case .put: return "PUT"
        case .delete: return "DELETE"
        case .patch: return "PATCH"
        case .trace: return "TRACE"
        case .connect: return "CONNECT"
        case .query: return "QUERY"
        case .other(let token): return token
        }
    }

    /// Methods this server knows; anything else is answered 501 before routing.
    public var isKnown: Bool {
        if case .other = self { return false }
        return true
    }
}

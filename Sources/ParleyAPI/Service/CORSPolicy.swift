import HTTPServer

/// Cross-origin access for the web frontend: `*` by default, or a list of allowed origins.
struct CORSPolicy: Sendable {
    /// Nil means any origin (`*`).
    let allowedOrigins: [String]?

    /// Every response header a frontend script may need beyond the CORS-safelisted ones
    /// (`Cache-Control`, `Content-Type`, `Content-Length`, `Last-Modified`, …, readable anyway):
    /// paging (`Link`, `X-Total-Count`), revalidation (`ETag`), support (`X-Request-Id`,
    /// `X-Dataset-Version`) and backing off (`Retry-After`, the `RateLimit-*` fields).
    static let exposedHeaders =
        "Link, ETag, X-Request-Id, X-Dataset-Version, X-Total-Count, Retry-After, RateLimit-Limit, "
        + "RateLimit-Remaining, RateLimit-Reset"
    /// What a preflight allows when it names no headers, or names them unreadably.
    static let allowedRequestHeaders =
        "Accept, Accept-Encoding, If-None-Match, If-Modified-Since, X-Request-Id, Content-Type"
    /// A preflight's `Access-Control-Request-Headers` is echoed only up to this size.
    static let maxRequestedHeaders = 2048

    /// The headers of the wildcard policy, made once: most answers carry exactly these.
    private let wildcardHeaders: [(name: String, value: String)] = [
        ("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", Self.exposedHeaders),
    ]

    init(origins: [String]?) {
        allowedOrigins = origins.flatMap { $0.isEmpty || $0 == ["*"] ? nil : $0 }
    }

    /// The `Access-Control-Allow-Origin` value for a request, or nil when the origin is not allowed.
    func allowOrigin(for origin: String?) -> String? {
        guard let allowedOrigins else { return "*" }
        guard let origin, allowedOrigins.contains(origin) else { return nil }
        return origin
    }

    /// With no `Origin` (or an HTTP-level error, where it is unread) only the wildcard policy answers.
    func headers(origin: String?) -> [(name: String, value: String)] {
        if allowedOrigins == nil { return wildcardHeaders }
        guard let allow = allowOrigin(for: origin) else { return [] }
        return [("Access-Control-Allow-Origin", allow), ("Access-Control-Expose-Headers", Self.exposedHeaders)]
    }

    /// The answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`). The API is
    /// public and read-only and never reads credentials, so any request header a page wants to
    /// send (a tracing `traceparent`, an application's own) is allowed: the requested list is
    /// echoed back when it is a well-formed list of field names, which is why the answer varies
    /// by `Access-Control-Request-Headers` (the caller sends `Vary`).
    func preflight(origin: String?, requestedHeaders: String?) -> [(name: String, value: String)] {
        guard let allow = allowOrigin(for: origin) else { return [] }
        return [
            ("Access-Control-Allow-Origin", allow),
            ("Access-Control-Allow-Methods", HTTPMethod.readOnlyAllowList),
            ("Access-Control-Allow-Headers", Self.fieldNames(requestedHeaders) ?? Self.allowedRequestHeaders),
            ("Access-Control-Max-Age", "86400"),
        ]
    }

    /// `requested` as a canonical list (`a, b, c`) when it is a comma-separated list of header
    /// field names (RFC 9110 tokens) of sane size; nil otherwise, or when it is empty.
    static func fieldNames(_ requested: String?) -> String? {
        guard let requested, requested.utf8.count <= maxRequestedHeaders else { return nil }
        let names = requested.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !names.isEmpty, names.count <= 64,
            names.allSatisfy({ $0.utf8.allSatisfy(ASCII.isTokenChar) })
        else { return nil }
        return names.joined(separator: ", ")
    }
}

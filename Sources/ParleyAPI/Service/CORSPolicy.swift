import HTTPServer

/// Cross-origin access for the web frontend: `*` by default, or a list of allowed origins.
struct CORSPolicy: Sendable {
    /// Nil means any origin (`*`).
    let allowedOrigins: [String]?

    static let exposedHeaders = "Link, ETag, X-Request-Id, X-Dataset-Version"
    static let allowedRequestHeaders =
        "Accept, Accept-Encoding, If-None-Match, If-Modified-Since, X-Request-Id, Content-Type"

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

    /// The answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`).
    func preflight(origin: String?, requestedHeaders: String?) -> [(name: String, value: String)] {
        guard let allow = allowOrigin(for: origin) else { return [] }
        return [
            ("Access-Control-Allow-Origin", allow),
            ("Access-Control-Allow-Methods", HTTPMethod.readOnlyAllowList),
            (
                "Access-Control-Allow-Headers",
                requestedHeaders.map { _ in Self.allowedRequestHeaders } ?? Self.allowedRequestHeaders
            ),
            ("Access-Control-Max-Age", "86400"),
        ]
    }
}

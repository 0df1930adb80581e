/// Finds the route for a path. Routes are data (`RouteTable`), so the same list drives matching,
/// the index page and the OpenAPI document.
struct Router: Sendable {
    enum Match {
        case route(Route, [String: String])
        case notFound
    }

    let routes: [Route]

    func match(path: String) -> Match {
        guard let pieces = Self.split(path) else { return .notFound }
        for route in routes {
            if let parameters = route.match(pieces) { return .route(route, parameters) }
        }
        return .notFound
    }

    /// Splits a raw path into percent-decoded segments. `/v1/talks/` (trailing slash) and `//`
    /// are distinct from `/v1/talks` and do not match: one resource, one URL.
    static func split(_ path: String) -> [String]? {
        guard path.hasPrefix("/") else { return nil }
        if path == "/" { return [] }
        // Split the UTF-8 bytes: splitting the String itself walks grapheme clusters (most of the
        // cost of routing an item request, by callgrind's count).
        let pieces = path.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        var decoded: [String] = []
        decoded.reserveCapacity(pieces.count)
        for piece in pieces {
            guard !piece.isEmpty, let text = try? QueryParameters.decode(Substring(piece), parameter: "path", plusAsSpace: false) else { return nil }
            decoded.append(text)
        }
        return decoded
    }
}

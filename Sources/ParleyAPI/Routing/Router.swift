/// Finds the route for a path. Routes are data (`RouteTable`), so the same list drives matching,
/// the index page and the OpenAPI document.
struct Router: Sendable {
    enum Match {
        case route(Route, [String: String])
        case notFound
    }

    let routes: [Route]
    /// Indices of the routes that can match a path, by its segment count and second segment
    /// (`talks` in `/v1/talks/{id}`), in route order; routes with a parameter there are in every
    /// list of their length. A request tries a handful of routes instead of all of them.
    private let candidates: [String: [Int]]
    private let wildcards: [Int: [Int]]

    init(routes: [Route]) {
        self.routes = routes
        var candidates: [String: [Int]] = [:]
        var wildcards: [Int: [Int]] = [:]
        for (index, route) in routes.enumerated() {
            if route.segments.count >= 2, case .literal(let second) = route.segments[1] {
                candidates[Self.key(route.segments.count, second), default: []].append(index)
            } else {
                wildcards[route.segments.count, default: []].append(index)
            }
        }
        self.candidates = candidates
        self.wildcards = wildcards
    }

    private static func key(_ count: Int, _ second: String) -> String { "\(count)/\(second)" }

    func match(path: String) -> Match {
        guard let pieces = Self.split(path) else { return .notFound }
        let listed = pieces.count >= 2 ? candidates[Self.key(pieces.count, pieces[1])] ?? [] : []
        let open = wildcards[pieces.count] ?? []
        for index in open.isEmpty ? listed : (listed + open).sorted() {
            if let parameters = routes[index].match(pieces) { return .route(routes[index], parameters) }
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
            guard !piece.isEmpty,
                let text = try? QueryParameters.decode(Substring(piece), parameter: "path", plusAsSpace: false)
            else { return nil }
            decoded.append(text)
        }
        return decoded
    }
}

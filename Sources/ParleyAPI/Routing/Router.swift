/// Finds the route for a path. Routes are data (`RouteTable`), so the same list drives matching,
/// the index page and the OpenAPI document.
struct Router: Sendable {
    enum Match {
        case route(Route, PathParameters)
        case notFound
    }

    let routes: [Route]
    /// Indices of the routes that can match a path, by its segment count and second segment
    /// (`talks` in `/v1/talks/{id}`), in route order; routes with a parameter there are in every
    /// list of their length. A request tries a handful of routes instead of all of them.
    private let candidates: [Int: [String: [Int]]]
    private let wildcards: [Int: [Int]]

    init(routes: [Route]) {
        self.routes = routes
        var candidates: [Int: [String: [Int]]] = [:]
        var wildcards: [Int: [Int]] = [:]
        for (index, route) in routes.enumerated() {
            if route.segments.count >= 2, case .literal(let second) = route.segments[1] {
                candidates[route.segments.count, default: [:]][second, default: []].append(index)
            } else {
                wildcards[route.segments.count, default: []].append(index)
            }
        }
        self.candidates = candidates
        self.wildcards = wildcards
    }

    func match(path: String) -> Match {
        guard let pieces = Self.split(path) else { return .notFound }
        let listed = pieces.count >= 2 ? candidates[pieces.count]?[pieces[1]] ?? [] : []
        let open = wildcards[pieces.count] ?? []
        for index in open.isEmpty ? listed : (listed + open).sorted() {
            if let parameters = routes[index].match(pieces) { return .route(routes[index], parameters) }
        }
        return .notFound
    }

    /// Splits a raw path into percent-decoded segments. `/v1/talks/` (trailing slash) and `//`
    /// are distinct from `/v1/talks` and do not match: one resource, one URL.
    static func split(_ path: String) -> [String]? {
        // One pass over the UTF-8 bytes in place: splitting the String walks grapheme clusters,
        // and a generic `split` allocates a slice per segment (most of an item request's routing
        // cost, by callgrind's count). Only segments with a `%` go through percent-decoding.
        var path = path
        return path.withUTF8 { bytes -> [String]? in
            guard bytes.first == UInt8(ascii: "/") else { return nil }
            if bytes.count == 1 { return [] }
            var decoded: [String] = []
            decoded.reserveCapacity(4)
            var start = 1
            for index in 1...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                guard index > start else { return nil }
                let piece = UnsafeBufferPointer(rebasing: bytes[start..<index])
                let text = String(decoding: piece, as: UTF8.self)
                if piece.contains(UInt8(ascii: "%")) {
                    guard
                        let value = try? QueryParameters.decode(Substring(text), parameter: "path", plusAsSpace: false)
                    else { return nil }
                    decoded.append(value)
                } else {
                    decoded.append(text)
                }
                start = index + 1
            }
            return decoded
        }
    }
}

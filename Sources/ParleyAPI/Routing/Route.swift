import HTTPServer
import Store

/// A query parameter a route accepts: the single description that drives validation, the 400
/// messages and the OpenAPI document.
struct ParameterSpec: Sendable {
    enum Kind: Sendable {
        /// Comma-separated ids of records in a collection (any-of).
        case ids(collection: String)
        case date
        case integer(ClosedRange<Int>, default: Int)
        case cursor
        /// Comma-separated values from a closed list (any-of).
        case choice([String])
        /// Free text (a name, a place, a full-text query): at most 500 characters, with a letter or digit.
        case text
        /// A value of a fixed form (`lines=12-20`), as a regular expression.
        case formatted(pattern: String)
        /// A comma list of keys from `allowed` (`sort`, `fields`, `include`).
        case keys([String])
    }

    let name: String
    let kind: Kind
    let description: String
    /// Only `q` on `/v1/search` is required; everything else narrows or shapes a default answer.
    var required: Bool = false

    static let limit = ParameterSpec(
        name: "limit", kind: .integer(1...1000, default: 50),
        description: "Records per page, 1 to 1000 (default 50).")
    static let cursor = ParameterSpec(
        name: "cursor", kind: .cursor,
        description: "Opaque cursor from `links.next` of the previous page; valid only with the same filters.")
    static let from = ParameterSpec(
        name: "from", kind: .date,
        description: "Records whose dates overlap the range starting on this date (\(PartialDate.formatDescription)).")
    static let to = ParameterSpec(
        name: "to", kind: .date,
        description: "Records whose dates overlap the range ending on this date (\(PartialDate.formatDescription)). "
            + "A `to` before `from` is a 400 with code `invalid-range`.")
}

extension ParameterSpec {
    /// The parameter of a collection filter, typed from the filter's declaration (`FilterSpec`).
    init(filter: FilterSpec, in spec: CollectionSpec) {
        let kind: Kind
        switch filter.lookup(in: spec) {
        case .references(_, let collection): kind = .ids(collection: collection)
        case .values(let allowed?): kind = .choice(allowed)
        case .values(nil): kind = .text
        case .day: kind = .date
        }
        self.init(name: filter.name, kind: kind, description: filter.description)
    }
}

/// One endpoint: path pattern, parameters and the code that answers it.
struct Route: Sendable {
    typealias Handler = @Sendable (RouteRequest, HandlerContext) throws -> HTTPResponse

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    let operationID: String
    let pattern: String
    let summary: String
    let parameters: [ParameterSpec]
    /// Representations offered; the first is the default.
    let formats: [ResponseFormat]
    /// Whether responses carry ETag/Last-Modified/Cache-Control (not for health checks).
    let cacheable: Bool
    /// JSON Schema of the 200 JSON body, for the OpenAPI document.
    let schema: JSONValue
    let handler: Handler
    let segments: [Segment]

    init(
        _ operationID: String, _ pattern: String, summary: String, parameters: [ParameterSpec] = [],
        formats: [ResponseFormat] = [.json], cacheable: Bool = true,
        schema: JSONValue = SchemaBuilder.object([("type", .string("object"))]),
        handler: @escaping Handler
    ) {
        self.operationID = operationID
        self.pattern = pattern
        self.summary = summary
        self.parameters = parameters
        self.formats = formats
        self.cacheable = cacheable
        self.schema = schema
        self.handler = handler
        self.segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { piece in
            piece.hasPrefix("{") && piece.hasSuffix("}")
                ? .parameter(String(piece.dropFirst().dropLast())) : .literal(String(piece))
        }
    }

    /// Path parameters when `path` (split into decoded segments) matches this pattern.
    func match(_ pieces: [String]) -> PathParameters? {
        guard pieces.count == segments.count else { return nil }
        // Literals first, so a route that does not match allocates nothing.
        for (segment, piece) in zip(segments, pieces) {
            if case .literal(let text) = segment, text != piece { return nil }
        }
        var captured = PathParameters()
        for (segment, piece) in zip(segments, pieces) {
            if case .parameter(let name) = segment { captured.append(name, piece) }
        }
        return captured
    }
}

/// The values a path's `{name}` segments captured. A route has one or two, so a list searched by
/// name beats a dictionary (no hashing, one small allocation per request).
struct PathParameters: Sendable {
    private var pairs: [(name: String, value: String)] = []

    mutating func append(_ name: String, _ value: String) {
        pairs.append((name, value))
    }

    subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }
}

/// What a route handler is given.
struct RouteRequest: Sendable {
    let http: HTTPRequest
    let pathParameters: PathParameters
    let query: QueryParameters
    /// The negotiated representation.
    let format: ResponseFormat
    /// Errors for parameters the route does not declare, reported with the route's own.
    let unknownParameters: [Problem.ParameterError]

    var path: String { http.path }
}

import Store

/// The OpenAPI 3.1 document, generated from `RouteTable` and `DatasetSchema`: paths, parameters,
/// formats and schemas all come from the same values that drive routing and validation.
public enum OpenAPIDocument {
    typealias J = JSONValue
    private static let S = SchemaBuilder.self

    /// `exampleIDs`: a few real ids per collection, given as `examples` of the `{id}` path
    /// parameters when a server (which knows its data) serves the document.
    public static func json(datasetVersion: String = "unspecified", exampleIDs: [String: [String]] = [:]) -> [UInt8] {
        var bytes: [UInt8] = []
        document(datasetVersion: datasetVersion, exampleIDs: exampleIDs).write(to: &bytes)
        return bytes
    }

    static func document(datasetVersion: String, exampleIDs: [String: [String]] = [:]) -> J {
        var paths: [JSONValue.Member] = []
        for route in RouteTable.routes {
            paths.append(
                .init(route.pattern, S.object([("get", operation(route, exampleIDs: exampleIDs))])))
        }
        var schemas: [(String, J)] = [
            ("Problem", SchemaBuilder.problem), ("CompactRecord", SchemaBuilder.compactRecord),
        ]
        for endpoint in CollectionCatalog.all {
            schemas.append((endpoint.schemaName, SchemaBuilder.record(endpoint.spec)))
            schemas.append((endpoint.schemaName + "Fields", SchemaBuilder.record(endpoint.spec, partial: true)))
        }
        return S.object([
            ("openapi", S.string("3.1.0")),
            (
                "info",
                S.object([
                    ("title", S.string("Parley")),
                    ("version", S.string("1.0.0")),
                    (
                        "description",
                        S.string(
                            "An HTTP JSON API over the corpus of the Syria peace process; every record cites the corpus lines it rests on. "
                                + "Dataset version \(datasetVersion). Every path answers HEAD like GET and OPTIONS with 204 and Allow "
                                + "(a CORS preflight with the Access-Control-Allow-* headers); any other method is a 405 problem with Allow: GET, HEAD, OPTIONS, "
                                + "and an unknown method token a 501.")
                    ),
                    ("license", S.object([("name", S.string("See the repository"))])),
                ])
            ),
            ("servers", .array([S.object([("url", S.string("/"))])])),
            ("paths", .object(paths)),
            (
                "components",
                S.object([
                    ("schemas", S.object(schemas)),
                    ("responses", S.object(componentResponses)),
                    (
                        "headers",
                        S.object(headers.map { ($0.0, S.object([("description", S.string($0.1)), ("schema", $0.2)])) })
                    ),
                ])
            ),
        ])
    }

    /// Headers every response carries, and those particular answers add.
    static let headers: [(String, String, J)] = [
        (
            "X-Request-Id",
            "The request's id (the client's own when it sent a valid one); quote it when reporting a problem.",
            S.object([("type", S.string("string"))])
        ),
        ("X-Dataset-Version", "The dataset version the answer comes from.", S.object([("type", S.string("string"))])),
        (
            "ETag", "Strong validator of this representation (the same on every replica).",
            S.object([("type", S.string("string"))])
        ),
        ("Last-Modified", "When the store was built.", S.object([("type", S.string("string"))])),
        (
            "Cache-Control",
            "max-age=300 for cacheable answers (shared caches may store them: no request carries credentials); no-store for health, readiness and metrics.",
            S.object([("type", S.string("string"))])
        ),
        ("Vary", "Accept, Accept-Encoding, Origin.", S.object([("type", S.string("string"))])),
        ("Link", "<next page>; rel=\"next\" when there is a next page.", S.object([("type", S.string("string"))])),
        (
            "X-Total-Count", "How many records the filters select.",
            S.object([("type", S.string("string")), ("pattern", S.string("^[0-9]+$"))])
        ),
        ("Location", "The same request under the record's current id.", S.object([("type", S.string("string"))])),
        (
            "Retry-After", "Seconds to wait before retrying.",
            S.object([("type", S.string("string")), ("pattern", S.string("^[0-9]+$"))])
        ),
        (
            "RateLimit-Limit", "Requests allowed in a burst (only when the server runs with --rate-limit).",
            S.object([("type", S.string("string"))])
        ),
        (
            "RateLimit-Remaining", "Requests left now (only with --rate-limit).",
            S.object([("type", S.string("string"))])
        ),
        (
            "RateLimit-Reset", "Seconds until the allowance is full again (only with --rate-limit).",
            S.object([("type", S.string("string"))])
        ),
    ]

    private static func headerRefs(_ names: [String]) -> J {
        S.object(names.map { ($0, S.object([("$ref", S.string("#/components/headers/\($0)"))])) })
    }

    /// Every status a GET can be answered with, as RFC 9457 problems unless said otherwise.
    static let problemResponses: [(String, String)] = [
        ("400", "BadRequest"), ("404", "NotFound"), ("406", "NotAcceptable"), ("414", "URITooLong"),
        ("429", "TooManyRequests"),
        ("431", "HeadersTooLarge"), ("500", "InternalError"), ("503", "Unavailable"),
    ]

    static func problemResponse(_ description: String, headers: [String] = ["X-Request-Id"]) -> J {
        S.object([
            ("description", S.string(description)), ("headers", headerRefs(headers)),
            ("content", S.object([("application/problem+json", S.object([("schema", S.ref("Problem"))]))])),
        ])
    }

    static let componentResponses: [(String, J)] = [
        (
            "BadRequest",
            problemResponse(
                "An invalid parameter (`type` /problems/invalid-parameter; each `errors[]` entry names the parameter and has a `code`) "
                    + "or a malformed request (/problems/malformed-request). Deliberate refusals of schema-valid values carry the codes `unknown-reference` "
                    + "(an id or name no record has), `foreign-cursor` (a cursor this server did not issue for this query), `invalid-search` (a search "
                    + "expression that does not parse), `invalid-range` (to before from; lines backwards or too many) and `beyond-source` (lines past the "
                    + "end of that source).", headers: ["X-Request-Id", "X-Dataset-Version"])
        ),
        (
            "NotFound",
            problemResponse(
                "No record has this id (and none had it before), no such problem type, or source texts not bundled.",
                headers: ["X-Request-Id", "X-Dataset-Version"])
        ),
        ("NotAcceptable", problemResponse("Nothing in Accept is offered; the detail lists what is.")),
        ("URITooLong", problemResponse("The request line is over the limit (8 KiB by default).")),
        (
            "TooManyRequests",
            problemResponse(
                "Over the per-client rate limit (only with --rate-limit).",
                headers: ["X-Request-Id", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"])
        ),
        ("HeadersTooLarge", problemResponse("The request head is over 32 KiB or 100 fields.")),
        ("InternalError", problemResponse("The server failed; the X-Request-Id identifies the failure in its log.")),
        (
            "Unavailable",
            problemResponse(
                "Over the connection limit (/problems/overloaded, with Retry-After) or draining before shutdown (/problems/not-ready).",
                headers: ["Retry-After"])
        ),
    ]

    private static func operation(_ route: Route, exampleIDs: [String: [String]]) -> J {
        // `/v1/<collection>/{id}…`: the collection is the second segment.
        let collection: String? =
            route.segments.count > 2
            ? { if case .literal(let name) = route.segments[1] { return name } else { return nil } }() : nil
        var parameters: [J] = route.segments.compactMap { segment in
            guard case .parameter(let name) = segment else { return nil }
            var members: [(String, J)] = [
                ("type", S.string("string")), ("pattern", S.string("^[a-z0-9]+(-[a-z0-9]+)*$")),
                ("maxLength", .number("200")),
            ]
            if let collection, let ids = exampleIDs[collection], !ids.isEmpty {
                members.append(("examples", S.strings(ids)))
            }
            let schema =
                name == "slug"
                ? S.object([("type", S.string("string")), ("enum", S.strings(ProblemType.all.map(\.slug)))])
                : S.object(members)
            return S.object([
                ("name", S.string(name)), ("in", S.string("path")), ("required", .bool(true)), ("schema", schema),
            ])
        }
        parameters += route.parameters.map { parameter($0, examples: exampleIDs["?" + $0.name] ?? []) }
        var content: [(String, J)] = []
        for format in route.formats {
            let schema = format == .json || format == .geojson ? route.schema : S.object([("type", S.string("string"))])
            content.append((format.mediaType, S.object([("schema", schema)])))
        }
        let isList = route.parameters.contains { $0.name == "cursor" }
        var okHeaders =
            ["X-Request-Id", "X-Dataset-Version"]
            + (route.cacheable ? ["ETag", "Last-Modified", "Cache-Control", "Vary"] : ["Cache-Control"])
        if isList { okHeaders += ["Link", "X-Total-Count"] }
        var responses: [(String, J)] = [
            (
                "200",
                S.object([
                    ("description", S.string(route.summary)), ("headers", headerRefs(okHeaders)),
                    ("content", S.object(content)),
                ])
            )
        ]
        if route.segments.contains(where: { if case .parameter("id") = $0 { return true } else { return false } }) {
            responses.append(
                (
                    "301",
                    S.object([
                        (
                            "description",
                            S.string(
                                "The id is one the record had in an earlier dataset version (renamed, or merged into another record): "
                                    + "Location gives the same request with the record's current id.")
                        ),
                        ("headers", headerRefs(["Location", "X-Request-Id", "Cache-Control"])),
                        ("content", S.object([("application/json", S.object([("schema", SchemaBuilder.moved)]))])),
                    ])
                ))
            responses.append(
                (
                    "410",
                    S.object([
                        (
                            "description",
                            S.string(
                                "A release had a record with this id and it was removed: the problem carries its tombstone "
                                    + "(the release that removed it, why, and the lines that decision rests on).")
                        ),
                        ("headers", headerRefs(["X-Request-Id", "X-Dataset-Version"])),
                        (
                            "content",
                            S.object([("application/problem+json", S.object([("schema", EndpointSchemas.gone)]))])
                        ),
                    ])
                ))
        }
        if route.cacheable {
            responses.append(
                (
                    "304",
                    S.object([
                        (
                            "description",
                            S.string(
                                "Not modified: If-None-Match matched the ETag (or If-Modified-Since is not before Last-Modified)."
                            )
                        ),
                        ("headers", headerRefs(["ETag", "Last-Modified", "Cache-Control", "Vary", "X-Request-Id"])),
                    ])
                ))
        }
        for (status, name) in problemResponses {
            responses.append((status, S.object([("$ref", S.string("#/components/responses/\(name)"))])))
        }
        return S.object([
            ("operationId", S.string(route.operationID)),
            ("summary", S.string(route.summary)),
            ("parameters", .array(parameters)),
            ("responses", S.object(responses)),
        ])
    }

    /// An item of a comma list: no comma (it separates items, encoded or not), no control
    /// character (the server refuses them), and something besides spaces.
    static let itemPattern = "^[^,\\u0000-\\u001F\\u007F]*[^,\\s\\u0000-\\u001F\\u007F][^,\\u0000-\\u001F\\u007F]*$"

    /// Comma lists are arrays with `style: form, explode: false` (`process=astana,geneva`).
    /// `examples`: values that answer 200 (the releases, for `since`).
    private static func parameter(_ spec: ParameterSpec, examples: [String]) -> J {
        let schema: J
        var commaList = false
        var description = spec.description
        switch spec.kind {
        case .ids:
            schema = S.object([
                ("type", S.string("array")),
                (
                    "items",
                    S.object([
                        ("type", S.string("string")), ("minLength", .number("1")),
                        ("pattern", S.string(itemPattern)),
                    ])
                ), ("minItems", .number("1")),
            ])
            commaList = true
            description += " An id or name that no record has is a 400 with code `unknown-reference`."
        case .choice(let values), .keys(let values):
            schema = S.object([
                ("type", S.string("array")),
                ("items", S.object([("type", S.string("string")), ("enum", S.strings(values))])),
                ("minItems", .number("1")),
            ])
            commaList = true
        case .date:
            schema = S.object([("type", S.string("string")), ("pattern", S.string(SchemaBuilder.datePattern))])
        case .integer(let range, let fallback):
            schema = S.object([
                ("type", S.string("integer")), ("minimum", .number(String(range.lowerBound))),
                ("maximum", .number(String(range.upperBound))), ("default", .number(String(fallback))),
            ])
        case .cursor:
            schema = S.object([("type", S.string("string")), ("pattern", S.string("^[A-Za-z0-9_-]+$"))])
            description += " A cursor the server did not issue for this very query is a 400 with code `foreign-cursor`."
        case .text:
            schema = S.object([
                ("type", S.string("string")), ("minLength", .number("1")),
                ("maxLength", .number(String(ParameterValidation.maxTextLength))),
                ("pattern", S.string(WordCharacters.pattern)),
            ])
            description +=
                " At most \(ParameterValidation.maxTextLength) characters, no control characters, and at least one letter or digit "
                + "(Latin, Greek, Cyrillic, Hebrew, Arabic or CJK)."
            if spec.name == "q" {
                description += " A search expression that does not parse is a 400 with code `invalid-search`."
            }
        case .formatted(let pattern):
            schema = S.object(
                [("type", S.string("string")), ("pattern", S.string(pattern))]
                    + (examples.isEmpty ? [] : [("examples", S.strings(examples))]))
        }
        var members: [(String, J)] = [
            ("name", S.string(spec.name)), ("in", S.string("query")), ("required", .bool(spec.required)),
            ("description", S.string(description)), ("schema", schema),
        ]
        if commaList { members += [("style", S.string("form")), ("explode", .bool(false))] }
        return S.object(members)
    }
}

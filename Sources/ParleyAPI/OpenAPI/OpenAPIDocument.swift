import Store

/// The OpenAPI 3.1 document, generated from `RouteTable` and `DatasetSchema`: paths, parameters,
/// formats and schemas all come from the same values that drive routing and validation.
public enum OpenAPIDocument {
    typealias J = JSONValue
    private static let S = SchemaBuilder.self

    public static func json(datasetVersion: String = "unspecified") -> [UInt8] {
        var bytes: [UInt8] = []
        document(datasetVersion: datasetVersion).write(to: &bytes)
        return bytes
    }

    static func document(datasetVersion: String) -> J {
        var paths: [JSONValue.Member] = []
        for route in RouteTable.routes {
            paths.append(.init(openAPIPath(route.pattern), S.object([("get", operation(route))])))
        }
        var schemas: [(String, J)] = [("Problem", SchemaBuilder.problem), ("CompactRecord", SchemaBuilder.compactRecord)]
        for endpoint in CollectionCatalog.all {
            schemas.append((endpoint.schemaName, SchemaBuilder.record(endpoint.spec)))
        }
        return S.object([
            ("openapi", S.string("3.1.0")),
            ("info", S.object([
                ("title", S.string("Parley")),
                ("version", S.string("1.0.0")),
                ("description", S.string("An HTTP JSON API over the corpus of the Syria peace process; every record cites the corpus lines it rests on. "
                                         + "Dataset version \(datasetVersion).")),
                ("license", S.object([("name", S.string("See the repository"))])),
            ])),
            ("servers", .array([S.object([("url", S.string("/"))])])),
            ("paths", .object(paths)),
            ("components", S.object([
                ("schemas", S.object(schemas)),
                ("responses", S.object([
                    ("Problem", S.object([("description", S.string("An RFC 9457 problem.")),
                                          ("content", S.object([("application/problem+json", S.object([("schema", S.ref("Problem"))]))]))])),
                ])),
            ])),
        ])
    }

    /// `/v1/talks/{id}` is already OpenAPI's template syntax.
    static func openAPIPath(_ pattern: String) -> String { pattern }

    private static func operation(_ route: Route) -> J {
        var parameters: [J] = route.segments.compactMap { segment in
            guard case .parameter(let name) = segment else { return nil }
            let schema = name == "slug" ? S.object([("type", S.string("string")), ("enum", S.strings(ProblemType.all.map(\.slug)))])
                : S.object([("type", S.string("string"))])
            return S.object([("name", S.string(name)), ("in", S.string("path")), ("required", .bool(true)), ("schema", schema)])
        }
        parameters += route.parameters.map(parameter)
        var content: [(String, J)] = []
        for format in route.formats {
            let schema = format == .json || format == .geojson ? route.schema : S.object([("type", S.string("string"))])
            content.append((format.mediaType, S.object([("schema", schema)])))
        }
        var responses: [(String, J)] = [
            ("200", S.object([("description", S.string(route.summary)), ("content", S.object(content))])),
        ]
        if route.segments.contains(where: { if case .parameter("id") = $0 { return true } else { return false } }) {
            responses.append(("301", S.object([
                ("description", S.string("The id is one the record had in an earlier dataset version (renamed, or merged into another record): "
                                         + "Location gives the same request with the record's current id.")),
                ("headers", S.object([("Location", S.object([("schema", S.object([("type", S.string("string"))]))]))])),
            ])))
        }
        if route.cacheable { responses.append(("304", S.object([("description", S.string("Not modified (If-None-Match matched the ETag)."))]))) }
        for status in ["400", "404", "406"] {
            responses.append((status, S.object([("$ref", S.string("#/components/responses/Problem"))])))
        }
        if route.operationID == "ready" || route.operationID == "getSourceText" {
            responses.append(("503", S.object([("$ref", S.string("#/components/responses/Problem"))])))
        }
        return S.object([
            ("operationId", S.string(route.operationID)),
            ("summary", S.string(route.summary)),
            ("parameters", .array(parameters)),
            ("responses", S.object(responses)),
        ])
    }

    /// Comma lists are arrays with `style: form, explode: false` (`process=astana,geneva`).
    private static func parameter(_ spec: ParameterSpec) -> J {
        let schema: J
        var commaList = false
        switch spec.kind {
        case .ids:
            schema = S.object([("type", S.string("array")), ("items", S.object([("type", S.string("string")), ("minLength", .number("1"))])), ("minItems", .number("1"))])
            commaList = true
        case .choice(let values), .keys(let values):
            schema = S.object([("type", S.string("array")), ("items", S.object([("type", S.string("string")), ("enum", S.strings(values))])), ("minItems", .number("1"))])
            commaList = true
        case .date:
            schema = S.object([("type", S.string("string")), ("pattern", S.string(SchemaBuilder.datePattern))])
        case .integer(let range, let fallback):
            schema = S.object([("type", S.string("integer")), ("minimum", .number(String(range.lowerBound))),
                               ("maximum", .number(String(range.upperBound))), ("default", .number(String(fallback)))])
        case .cursor, .text:
            schema = S.object([("type", S.string("string"))])
        }
        var members: [(String, J)] = [("name", S.string(spec.name)), ("in", S.string("query")), ("required", .bool(spec.required)),
                                      ("description", S.string(spec.description)), ("schema", schema)]
        if commaList { members += [("style", S.string("form")), ("explode", .bool(false))] }
        return S.object(members)
    }
}

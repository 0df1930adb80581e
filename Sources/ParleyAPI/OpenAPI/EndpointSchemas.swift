import Store

/// The 200 bodies of the endpoints that are not collections, exact enough that a wrong type, a
/// missing member or an unknown one fails validation. Each mirrors the handler that writes it.
enum EndpointSchemas {
    typealias J = JSONValue
    private static let S = SchemaBuilder.self

    /// An object with exactly these members, all required unless listed in `optional`.
    static func exact(_ members: [(String, J)], optional: [String] = []) -> J {
        S.object([
            ("type", S.string("object")), ("properties", S.object(members)),
            ("required", S.strings(members.map(\.0).filter { !optional.contains($0) })),
            ("additionalProperties", .bool(false)),
        ])
    }

    static func constant(_ value: String) -> J { S.object([("const", S.string(value))]) }
    static func array(_ items: J) -> J { S.object([("type", S.string("array")), ("items", items)]) }
    static func oneOf(_ values: [String]) -> J {
        S.object([("type", S.string("string")), ("enum", S.strings(values))])
    }
    static let anyJSON = S.object([])
    static let date = S.object([
        ("type", .array([S.string("string"), S.string("null")])), ("pattern", S.string(SchemaBuilder.datePattern)),
    ])
    static let lineRange = S.schema(.lineRange)

    static let health = exact([("status", constant("ok"))])
    static let ready = exact([("status", constant("ready")), ("dataset", S.text)])

    static let meta = S.item(
        exact([
            ("dataset", S.text),
            ("content_hash", S.object([("type", S.string("string")), ("pattern", S.string("^[0-9a-f]{64}$"))])),
            ("schema_version", S.integer(minimum: 1)), ("built_at", S.text),
            ("corpus_bundled", S.object([("type", S.string("boolean"))])),
            (
                "collections",
                array(
                    exact([("name", oneOf(DatasetSchema.collections.map(\.name))), ("count", S.integer(minimum: 0))]))
            ),
        ]))

    static let problemType = exact([
        ("type", S.text), ("title", S.text), ("status", S.integer(minimum: 400)), ("description", S.text),
    ])

    static let searchHit = exact([
        ("type", oneOf(Search.types)), ("id", S.text), ("title", S.text), ("snippet", S.text),
        ("score", S.object([("type", S.string("number"))])), ("url", S.text),
    ])
    static let search = S.list(
        of: searchHit,
        meta: [
            (
                "facets",
                exact([
                    (
                        "type",
                        S.object([
                            ("type", S.string("object")), ("additionalProperties", S.integer(minimum: 0)),
                            ("propertyNames", oneOf(Search.types)),
                        ])
                    )
                ])
            )
        ])

    static let timelineEntry = exact([
        ("type", oneOf(Timeline.types)), ("id", S.text), ("title", S.text), ("date", date), ("end_date", date),
        ("date_precision", S.object([("enum", .array(["day", "month", "year"].map(J.string) + [.null]))])),
        ("kind", S.nullableText), ("process", S.nullableText), ("summary", S.text), ("url", S.text),
    ])
    static let timeline = S.list(of: timelineEntry)

    static func nullable(_ schema: J) -> J {
        S.object([("anyOf", .array([schema, S.object([("type", S.string("null"))])]))])
    }
    static let boolean = S.object([("type", S.string("boolean"))])

    static let tombstone = exact([
        ("removed_in", S.text), ("reason", oneOf(Tombstone.Reason.allCases.map(\.rawValue))),
        ("merged_into", S.nullableText), ("note", S.text),
        ("sources", array(exact([("source", S.text), ("lines", lineRange)]))),
    ])
    static let change = exact([
        ("kind", oneOf(Changes.kinds)), ("collection", oneOf(DatasetSchema.collections.map(\.name))), ("id", S.text),
        ("previous_id", S.nullableText), ("fields", nullable(array(S.text))), ("tombstone", nullable(tombstone)),
        ("url", S.text),
    ])
    static let changes = S.list(of: change, meta: [("since", S.text)])

    static let releases = exact([
        (
            "data",
            array(
                exact([
                    ("version", S.text), ("date", S.text), ("current", boolean), ("commit", S.nullableText),
                    ("note", S.nullableText), ("records", S.integer(minimum: 0)),
                    (
                        "counts",
                        S.object([
                            ("type", S.string("object")), ("additionalProperties", S.integer(minimum: 0)),
                            ("propertyNames", oneOf(DatasetSchema.collections.map(\.name))),
                        ])
                    ),
                    ("changes_to_current", exact(Changes.kinds.map { ($0, S.integer(minimum: 0)) })),
                    ("changes", S.text),
                ]))
        ),
        ("meta", exact([("total", S.integer(minimum: 0)), ("dataset", S.text), ("current_is_release", boolean)])),
    ])

    /// The 410 problem: RFC 9457's members and the tombstone's.
    static let gone = S.object([
        (
            "allOf",
            .array([
                S.ref("Problem"),
                S.object([
                    ("type", S.string("object")),
                    ("required", S.strings(["collection", "id", "removed_in", "reason", "note", "sources"])),
                    (
                        "properties",
                        S.object([
                            ("collection", S.text), ("id", S.text), ("removed_in", S.text),
                            ("reason", oneOf(Tombstone.Reason.allCases.map(\.rawValue))),
                            ("merged_into", S.nullableText), ("note", S.text),
                            ("sources", array(exact([("source", S.text), ("lines", lineRange)]))),
                        ])
                    ),
                ]),
            ])
        )
    ])

    static let citation = exact([
        ("type", oneOf(DatasetSchema.collections.map(\.recordType))), ("id", S.text), ("title", S.text),
        ("url", S.text),
        ("lines", lineRange), ("quote", S.nullableText), ("path", S.text),
    ])
    static let citations = S.list(of: citation)

    static let sourceText = S.item(
        exact([
            ("source", S.text), ("lines", lineRange), ("total_lines", S.integer(minimum: 0)),
            (
                "text",
                array(exact([("line", S.integer(minimum: 1)), ("text", S.object([("type", S.string("string"))]))]))
            ),
        ]))

    /// A zone's members (but its geometry and sources) as feature properties, with `approximate` and `url`.
    static var zoneProperties: J {
        guard let spec = DatasetSchema.collection(named: "zones") else { return anyJSON }
        let fields = spec.allFields.filter { $0.name != "geometry" && $0.name != "sources" }
        return S.object([
            ("type", S.string("object")),
            (
                "properties",
                S.object(
                    zip(
                        fields.map(\.name),
                        fields.map { field -> J in
                            let value = S.schema(field.type)
                            return field.nullable
                                ? S.object([("anyOf", .array([value, S.object([("type", S.string("null"))])]))]) : value
                        }
                    ).map { ($0, $1) } + [("approximate", S.object([("type", S.string("boolean"))])), ("url", S.text)])
            ),
            ("required", S.strings(fields.filter(\.required).map(\.name) + ["approximate", "url"])),
            ("additionalProperties", .bool(false)),
        ])
    }

    static var geoJSON: J {
        let position = S.object([
            ("type", S.string("array")), ("items", S.object([("type", S.string("number"))])),
            ("minItems", .number("2")),
        ])
        let ring = array(position)
        let geometry = S.object([
            (
                "anyOf",
                .array([
                    exact([("type", constant("Polygon")), ("coordinates", array(ring))]),
                    exact([("type", constant("MultiPolygon")), ("coordinates", array(array(ring)))]),
                    S.object([("type", S.string("null"))]),
                ])
            )
        ])
        let feature = exact([
            ("type", constant("Feature")), ("id", S.text), ("geometry", geometry), ("properties", zoneProperties),
        ])
        return exact([("type", constant("FeatureCollection")), ("features", array(feature))])
    }

    static let indexEntry = exact(
        [
            ("path", S.text), ("summary", S.text), ("example", S.nullableText), ("unavailable", S.text),
            ("parameters", array(S.text)), ("formats", array(S.text)),
        ], optional: ["unavailable", "parameters", "formats"])
    static let index = exact([
        ("name", S.text), ("description", S.text), ("dataset", S.text), ("openapi", S.text),
        ("endpoints", array(indexEntry)),
    ])

    static let openAPI = S.object([
        ("type", S.string("object")), ("required", S.strings(["openapi", "info", "paths", "components"])),
    ])
}

import Store

/// JSON Schema (2020-12, as OpenAPI 3.1 uses it) for the dataset's field types, derived from
/// `DatasetSchema` so the document cannot drift from what the store serves.
enum SchemaBuilder {
    typealias J = JSONValue

    static func object(_ members: [(String, J)]) -> J { .object(members.map { .init($0.0, $0.1) }) }
    static func string(_ text: String) -> J { .string(text) }
    static func strings(_ texts: [String]) -> J { .array(texts.map(J.string)) }
    static func ref(_ name: String) -> J { object([("$ref", string("#/components/schemas/\(name)"))]) }
    /// A real calendar date of year, month or day precision, year 0001–9999: `2016`, `2016-02`,
    /// `2016-02-29` (not `0000`, month 13, or 29 February 2015) — exactly what `PartialDate` accepts.
    static let datePattern =
        "^(?:(?!0000)[0-9]{4}(?:-(?:0[1-9]|1[0-2]))?"
        + "|(?!0000)[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
        + "|(?!0000)(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$"

    /// A field's schema; references may also arrive embedded (`include=`) as compact records.
    static func schema(_ type: FieldType) -> J {
        switch type {
        case .string: return object([("type", string("string"))])
        case .integer: return object([("type", string("integer"))])
        case .number: return object([("type", string("number"))])
        case .boolean: return object([("type", string("boolean"))])
        case .date: return object([("type", string("string")), ("pattern", string(datePattern))])
        case .choice(let values): return object([("type", string("string")), ("enum", strings(values))])
        case .reference(let collections):
            return object([
                (
                    "anyOf",
                    .array([
                        object([
                            ("type", string("string")),
                            ("description", string("id of a record in \(collections.joined(separator: " or "))")),
                        ]),
                        ref("CompactRecord"),
                    ])
                )
            ])
        case .typedReference:
            return object([
                (
                    "anyOf",
                    .array([
                        object([
                            ("type", string("object")),
                            (
                                "properties",
                                object([
                                    ("type", object([("type", string("string"))])),
                                    ("id", object([("type", string("string"))])),
                                ])
                            ),
                            ("required", strings(["type", "id"])),
                        ]),
                        ref("CompactRecord"),
                    ])
                )
            ])
        case .lineRange:
            return object([
                ("type", string("array")), ("items", object([("type", string("integer")), ("minimum", .number("1"))])),
                ("minItems", .number("2")), ("maxItems", .number("2")),
            ])
        case .any: return object([])
        case .list(let element): return object([("type", string("array")), ("items", schema(element))])
        case .map(let element): return object([("type", string("object")), ("additionalProperties", schema(element))])
        case .object(let fields):
            return object([
                ("type", string("object")), ("properties", properties(fields)),
                ("required", strings(fields.filter(\.required).map(\.name))),
            ])
        }
    }

    static func properties(_ fields: [FieldSpec]) -> J {
        .object(
            fields.map { field in
                var value = schema(field.type)
                if field.nullable { value = object([("anyOf", .array([value, object([("type", string("null"))])]))]) }
                if !field.doc.isEmpty, case .object(var members) = value {
                    members.append(.init("description", string(field.doc)))
                    value = .object(members)
                }
                return .init(field.name, value)
            })
    }

    /// A whole record of a collection: every required field present, no member the schema does
    /// not name. `partial` is the same record as `fields=` selects it: only `id` is sure to be there.
    static func record(_ spec: CollectionSpec, partial: Bool = false) -> J {
        let derived = (DatasetSchema.derivedFields[spec.name] ?? []).map {
            FieldSpec($0, .integer, doc: "Computed when the store is built.")
        }
        let required = partial ? ["id"] : (spec.allFields + derived).filter(\.required).map(\.name)
        return object([
            ("type", string("object")), ("properties", properties(spec.allFields + derived)),
            ("required", strings(required)),
            ("additionalProperties", .bool(false)),
        ])
    }

    static let compactRecord = object([
        ("type", string("object")),
        (
            "properties",
            object([
                ("type", object([("type", string("string"))])), ("id", object([("type", string("string"))])),
                ("title", object([("type", string("string"))])), ("url", object([("type", string("string"))])),
            ])
        ),
        ("required", strings(["type", "id", "title", "url"])),
    ])

    static let problem = object([
        ("type", string("object")),
        (
            "properties",
            object([
                ("type", object([("type", string("string"))])), ("title", object([("type", string("string"))])),
                ("status", object([("type", string("integer"))])), ("detail", object([("type", string("string"))])),
                ("instance", object([("type", string("string"))])),
                (
                    "errors",
                    object([
                        ("type", string("array")),
                        (
                            "items",
                            object([
                                ("type", string("object")),
                                (
                                    "properties",
                                    object([
                                        ("parameter", object([("type", string("string"))])),
                                        (
                                            "code",
                                            object([
                                                ("type", string("string")),
                                                ("enum", strings(ParameterErrorCode.allCases.map(\.rawValue))),
                                            ])
                                        ),
                                        ("detail", object([("type", string("string"))])),
                                    ])
                                ), ("required", strings(["parameter", "code", "detail"])),
                                ("additionalProperties", .bool(false)),
                            ])
                        ),
                    ])
                ),
            ])
        ),
        ("required", strings(["type", "title", "status", "detail"])),
    ])

    /// The body of a 301 for a renamed or merged id.
    static let moved = object([
        ("type", string("object")),
        (
            "properties",
            object([
                ("detail", object([("type", string("string"))])), ("id", object([("type", string("string"))])),
                ("previous_id", object([("type", string("string"))])),
                ("location", object([("type", string("string"))])),
                (
                    "meta",
                    object([
                        ("type", string("object")),
                        ("properties", object([("dataset", object([("type", string("string"))]))])),
                        ("required", strings(["dataset"])),
                    ])
                ),
            ])
        ),
        ("required", strings(["detail", "id", "previous_id", "location", "meta"])),
        ("additionalProperties", .bool(false)),
    ])

    static func integer(minimum: Int? = nil) -> J {
        object([("type", string("integer"))] + (minimum.map { [("minimum", J.number(String($0)))] } ?? []))
    }
    static let text = object([("type", string("string"))])
    static let nullableText = object([("type", .array([string("string"), string("null")]))])

    /// `meta` of a page: total, limit, dataset, and `fields` when `fields=` selected a subset.
    static func pageMeta(_ extra: [(String, J)] = [], fields: Bool = false) -> J {
        var properties: [(String, J)] =
            [("total", integer(minimum: 0)), ("limit", integer(minimum: 1)), ("dataset", text)] + extra
        if fields { properties.append(("fields", object([("type", string("array")), ("items", text)]))) }
        return object([
            ("type", string("object")), ("properties", object(properties)),
            ("required", strings(["total", "limit", "dataset"] + extra.map(\.0))),
            ("additionalProperties", .bool(false)),
        ])
    }

    static let links = object([
        ("type", string("object")),
        ("properties", object([("self", text), ("next", nullableText)])),
        ("required", strings(["self", "next"])), ("additionalProperties", .bool(false)),
    ])

    /// `{"data": [...], "meta": {...}, "links": {...}}` with the given item schema.
    static func list(of item: J, meta extra: [(String, J)] = []) -> J {
        object([
            ("type", string("object")),
            (
                "properties",
                object([
                    ("data", object([("type", string("array")), ("items", item)])), ("meta", pageMeta(extra)),
                    ("links", links),
                ])
            ),
            ("required", strings(["data", "meta", "links"])), ("additionalProperties", .bool(false)),
        ])
    }

    /// `{"data": {...}, "meta": {"dataset"}}`.
    static func item(_ data: J) -> J {
        object([
            ("type", string("object")),
            (
                "properties",
                object([
                    ("data", data),
                    (
                        "meta",
                        object([
                            ("type", string("object")), ("properties", object([("dataset", text)])),
                            ("required", strings(["dataset"])), ("additionalProperties", .bool(false)),
                        ])
                    ),
                ])
            ),
            ("required", strings(["data", "meta"])), ("additionalProperties", .bool(false)),
        ])
    }

    /// A list or item of records: whole records, unless `meta.fields` says `fields=` chose a subset
    /// (JSON Schema if/then/else, so a missing required field in a whole record still fails).
    static func records(_ name: String, list: Bool) -> J {
        let dataOf = { (schema: J) in list ? object([("type", string("array")), ("items", schema)]) : schema }
        let meta =
            list
            ? pageMeta(fields: true)
            : object([
                ("type", string("object")),
                (
                    "properties",
                    object([("dataset", text), ("fields", object([("type", string("array")), ("items", text)]))])
                ),
                ("required", strings(["dataset"])), ("additionalProperties", .bool(false)),
            ])
        // `data` names both forms for generators that ignore if/then/else; the condition decides.
        var members: [(String, J)] = [
            ("data", dataOf(object([("anyOf", .array([ref(name), ref(name + "Fields")]))]))), ("meta", meta),
        ]
        if list { members.append(("links", links)) }
        return object([
            ("type", string("object")),
            ("properties", object(members)),
            ("required", strings(list ? ["data", "meta", "links"] : ["data", "meta"])),
            ("additionalProperties", .bool(false)),
            ("if", object([("properties", object([("meta", object([("required", strings(["fields"]))]))]))])),
            ("then", object([("properties", object([("data", dataOf(ref(name + "Fields")))]))])),
            ("else", object([("properties", object([("data", dataOf(ref(name)))]))])),
        ])
    }
}

import Store

/// `fields=` (sparse fieldsets) and `include=` (related records embedded in place of their ids).
struct Projection: Sendable {
    /// Selected fields in order (`id` always first); nil for the whole record.
    let fields: [String]?
    /// Top-level fields whose references are replaced by compact records.
    let includes: [String]
    let spec: CollectionSpec

    static func fieldNames(_ spec: CollectionSpec) -> [String] {
        spec.allFields.map(\.name) + (DatasetSchema.derivedFields[spec.name] ?? [])
    }

    /// Fields holding references: the ones `include` can expand.
    static func includable(_ spec: CollectionSpec) -> [String] {
        spec.allFields.filter { holdsReferences($0.type) }.map(\.name)
    }

    private static func holdsReferences(_ type: FieldType) -> Bool {
        switch type {
        case .reference, .typedReference: return true
        case .list(let element), .map(let element): return holdsReferences(element)
        case .object(let fields): return fields.contains { holdsReferences($0.type) }
        default: return false
        }
    }

    /// `"fields": [...]` in `meta` when `fields=` selected a subset, so that a client (and the
    /// OpenAPI schema) can tell a partial record from a whole one.
    func writeSelectedFields(to json: inout JSONWriter) {
        guard let fields else { return }
        json.arrayMember("fields") { json in
            for field in fields { json.string(field) }
        }
    }

    /// Writes the stored record in `column` of the current row: its bytes copied straight from
    /// SQLite when nothing is selected or embedded (the common, hot case), otherwise only the
    /// selected members (absent ones stay absent, never null) with included records embedded.
    func write(_ statement: Statement, column: Int32, to writer: inout JSONWriter, lookup: CompactLookup) throws {
        guard fields != nil || !includes.isEmpty,
            case .object(var members) = try JSONParser.parse(statement.text(column) ?? "{}")
        else {
            writer.rawColumn(statement, column)
            return
        }
        if let fields {
            members = members.filter { $0.key == "id" || fields.contains($0.key) }
        }
        for index in members.indices where includes.contains(members[index].key) {
            guard let field = spec.field(named: members[index].key) else { continue }
            members[index].value = try embed(members[index].value, type: field.type, lookup: lookup)
        }
        writer.value(.object(members))
    }

    private func embed(_ value: JSONValue, type: FieldType, lookup: CompactLookup) throws -> JSONValue {
        switch (type, value) {
        case (.reference(let collections), .string(let id)):
            return try lookup.compact(id: id, in: collections) ?? value
        case (.typedReference, .object):
            guard let type = value["type"]?.stringValue, let id = value["id"]?.stringValue,
                let collection = DatasetSchema.collection(recordType: type)
            else { return value }
            return try lookup.compact(id: id, in: [collection.name]) ?? value
        case (.list(let element), .array(let values)):
            return .array(try values.map { try embed($0, type: element, lookup: lookup) })
        case (.object(let fields), .object(var members)):
            for index in members.indices {
                if let field = fields.first(where: { $0.name == members[index].key }) {
                    members[index].value = try embed(members[index].value, type: field.type, lookup: lookup)
                }
            }
            return .object(members)
        default:
            return value
        }
    }
}

/// Looks up the compact form of a referenced record: `{type, id, title, url}`.
struct CompactLookup {
    let database: Database

    func compact(id: String, in collections: [String]) throws -> JSONValue? {
        guard let (collection, title) = try database.collectionAndTitle(of: id, in: collections) else { return nil }
        return .object([
            .init("type", .string(DatasetSchema.collection(named: collection)?.recordType ?? collection)),
            .init("id", .string(id)),
            .init("title", .string(title)),
            .init("url", .string("/v1/\(collection)/\(id)")),
        ])
    }
}

/// A filter a collection's lists offer, declared with the collection (`CollectionSpec.filters`).
/// From this one declaration the store writes what the filter looks up (`RecordFacts`), the
/// service validates and documents the parameter (400s, OpenAPI), and `RecordQuery` selects.
public struct FilterSpec: Sendable {
    public enum Kind: Sendable {
        /// Records referencing any of the given records through `field` (the `refs` table; the
        /// parameter takes ids or any name of a record of `collection`).
        case reference(field: String, collection: String)
        /// Records whose choice field `field` has any of the given values (`attrs`).
        case choice(field: String)
        /// Records with any of the given texts, folded, at one of `paths` (`attrs`): `location.city`.
        case text(paths: [String])
        /// Talk participants' roles (`attrs`); with the `actor` filter, that actor in that role.
        case role
        /// In force on a day: `valid_from` ≤ day ≤ `valid_to` (the columns `RecordFacts` derives).
        case inForce
        /// `true`: records whose `field` holds a value (not absent, null, empty text or an empty
        /// list); `false`: the others (`attrs`). `disputed` is this over `conflicts`.
        case hasValue(field: String)
    }

    /// How a filter's values are looked up, which is all the service layer needs to know of its kind.
    public enum Lookup: Sendable, Equatable {
        /// Ids (or names) of records of `collection`, referenced through `field`.
        case references(field: String, collection: String)
        /// Values stored in `attrs` under the filter's name: from `allowed`, or folded free text when nil.
        case values(allowed: [String]?)
        /// A day (`as_of`).
        case day
    }

    /// The query parameter's name; also the `attrs` field its values are stored under.
    public let name: String
    public let kind: Kind
    public let description: String

    public init(_ name: String, _ kind: Kind, _ description: String) {
        self.name = name
        self.kind = kind
        self.description = description
    }

    /// `as_of`, on the collections whose records are in force for a time (documents, mechanisms, zones).
    public static let asOf = FilterSpec(
        "as_of", .inForce,
        "Records in force on this day (valid_from ≤ day ≤ valid_to; no end means still in force).")

    public func lookup(in spec: CollectionSpec) -> Lookup {
        switch kind {
        case .reference(let field, let collection): return .references(field: field, collection: collection)
        case .inForce: return .day
        case .choice, .role, .hasValue, .text: return .values(allowed: allowedValues(in: spec))
        }
    }

    /// The values the parameter accepts when they form a closed list (nil: ids, free text or a day).
    public func allowedValues(in spec: CollectionSpec) -> [String]? {
        switch kind {
        case .choice(let field):
            if case .choice(let values)? = spec.field(named: field)?.type { return values }
            return nil
        case .role: return DatasetSchema.participantRoles
        case .hasValue: return ["true", "false"]
        case .reference, .text, .inForce: return nil
        }
    }

    /// The (field, value) rows of `attrs` this filter looks up for a record, or none when it
    /// reads another table (`refs`) or the record's columns.
    func attributes(of value: JSONValue) -> [String] {
        switch kind {
        case .choice(let field):
            return value[field]?.stringValue.map { [$0] } ?? []
        case .text(let paths):
            return paths.compactMap { path in
                var node: JSONValue? = value
                for part in path.split(separator: ".") { node = node?[String(part)] }
                return node?.stringValue.map(TextFolding.fold)
            }
        case .role:
            return (value["participants"]?.arrayValue ?? []).compactMap { $0["role"]?.stringValue }
        case .hasValue(let field):
            let empty: Bool
            switch value[field] {
            case nil, .null?: empty = true
            case .array(let items)?: empty = items.isEmpty
            case .string(let text)?: empty = text.isEmpty
            default: empty = false
            }
            return [empty ? "false" : "true"]
        case .reference, .inForce:
            return []
        }
    }
}

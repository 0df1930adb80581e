/// The keys each collection's lists may be sorted by, declared beside the columns and indexes that
/// serve them (`StoreSchema`), so that a key without an index cannot exist.
///
/// A key is named after the field it sorts by (`start_date`, `process`, `name`). A few older names
/// stay as aliases, since scripts use them: `date` (the first day of the record's dates), `end_date`
/// (the last day), `title` (the title or name). Fields whose values the shared columns do not hold
/// go into three per-collection columns `x1`–`x3`, each with its index.
public struct SortKey: Sendable, Equatable {
    /// The name `sort=` takes.
    public let name: String
    /// A non-null SQL expression over `records r`, the same text as its index's expression.
    public let expression: String
    public let integer: Bool
    public let description: String

    /// A bare column (`r.title`) rather than an expression (`COALESCE(r.num, -1)`): SQLite seeks
    /// row-value comparisons only over columns, so expression keys page another way.
    public var isColumn: Bool { !expression.contains("(") }

    /// The tie-break every order ends in.
    public static let id = SortKey(name: "id", expression: "r.id", integer: false, description: "the record id")
}

public enum SortKeys {
    /// What an absent value sorts as in `x1`–`x3`: after every date, after every text.
    static let missingDate = StoreSchema.undatedSortKey
    static let missingText = "\u{10FFFF}"

    /// A field kept in one of the extra columns.
    struct Extra {
        let field: String
        let isDate: Bool
    }

    /// The fields held in `x1`, `x2`, `x3` for each collection.
    static func extras(for collection: String) -> [Extra] {
        switch collection {
        case "processes": return [Extra(field: "start_date", isDate: true), Extra(field: "end_date", isDate: true)]
        case "talks":
            return [
                Extra(field: "process", isDate: false), Extra(field: "start_date", isDate: true),
                Extra(field: "end_date", isDate: true),
            ]
        case "events": return [Extra(field: "end_date", isDate: true)]
        case "documents", "task-forces", "zones":
            return [Extra(field: "valid_from", isDate: true), Extra(field: "valid_to", isDate: true)]
        case "actors": return [Extra(field: "country", isDate: false)]
        case "places": return [Extra(field: "governorate", isDate: false)]
        case "sources":
            return [
                Extra(field: "published", isDate: true), Extra(field: "author", isDate: false),
                Extra(field: "publisher", isDate: false),
            ]
        default: return []
        }
    }

    /// The values of `x1`–`x3` for a record (dates as their first day; absent values as the sentinels).
    static func extraValues(_ value: JSONValue, collection: String) -> [String] {
        var values = extras(for: collection).map { extra -> String in
            let text = value[extra.field]?.stringValue
            if extra.isDate { return text.flatMap(PartialDate.init)?.lowerBound ?? missingDate }
            return text ?? missingText
        }
        while values.count < 3 { values.append(missingText) }
        return values
    }

    /// Every key of a collection, in the order the documentation lists them; `id` last.
    public static func keys(for spec: CollectionSpec) -> [SortKey] {
        var keys: [SortKey] = []
        func add(_ name: String, _ expression: String, integer: Bool = false, _ description: String) {
            guard !keys.contains(where: { $0.name == name }) else { return }
            keys.append(SortKey(name: name, expression: expression, integer: integer, description: description))
        }
        // Fields in x1–x3 first: where a collection has its own `end_date`, that is what the key sorts by.
        for (index, extra) in extras(for: spec.name).enumerated() {
            let what =
                extra.isDate
                ? "\(extra.field), by its first day (records without it last)"
                : "\(extra.field) (records without it last)"
            add(extra.field, "r.x\(index + 1)", what)
        }
        if let span = spec.spanFields {
            // The field that opens the span sorts as the span's first day, the `date` column.
            add(span.start, "r.sort_date", "\(span.start), by its first day (records without it last)")
            add("date", "r.sort_date", "first day of the record's dates (undated last)")
            add("end_date", "COALESCE(r.span_end, r.sort_date)", "last day of the record's dates")
        }
        add(spec.titleField, "r.title", "\(spec.titleField), binary order")
        add("title", "r.title", "alias of \(spec.titleField)")
        for name in ["kind", "status"] where spec.fields.contains(where: { $0.name == name }) {
            add(name, "COALESCE(r.kind, '')", "the record's \(name)")
        }
        for name in ["number", "round"] where spec.fields.contains(where: { $0.name == name }) {
            add(name, "COALESCE(r.num, -1)", integer: true, "the record's \(name) (none first)")
        }
        add("id", "r.id", "the record id")
        return keys
    }
}

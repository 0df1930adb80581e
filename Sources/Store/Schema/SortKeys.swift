/// A key a collection's lists may be sorted by (`sort=<name>`): a name for one of the indexed
/// `SortColumn`s.
///
/// A key is named after the field it sorts by (`start_date`, `process`, `name`). A few older names
/// stay as aliases, since scripts use them: `date` (the first day of the record's dates), `end_date`
/// (the last day), `title` (the title or name). Fields whose values the shared columns do not hold
/// are the collection's `sortFields`, kept in the per-collection columns `x1`–`x3`.
public struct SortKey: Sendable, Equatable {
    /// The name `sort=` takes.
    public let name: String
    public let column: SortColumn
    public let description: String

    /// The SQL expression over `records r`, the same as its index's.
    var expression: String { column.expression }

    /// The tie-break every order ends in.
    public static let id = SortKey(name: "id", column: .id, description: "the record id")
}

public enum SortKeys {
    /// What an absent value sorts as in `x1`–`x3`: after every date, after every text.
    static let missingDate = StoreSchema.undatedSortKey
    static let missingText = "\u{10FFFF}"

    /// The values of `x1`–`x3` for a record: its `sortFields` (dates as their first day; absent
    /// values as the sentinels), padded with the text sentinel.
    static func extraValues(_ value: JSONValue, spec: CollectionSpec) -> [String] {
        var values = spec.sortFields.map { field -> String in
            let text = value[field]?.stringValue
            if case .date? = spec.field(named: field)?.type {
                return text.flatMap(PartialDate.init)?.lowerBound ?? missingDate
            }
            return text ?? missingText
        }
        while values.count < SortColumn.extras.count { values.append(missingText) }
        return values
    }

    /// Every key of a collection, in the order the documentation lists them; `id` last.
    public static func keys(for spec: CollectionSpec) -> [SortKey] {
        var keys: [SortKey] = []
        func add(_ name: String, _ column: SortColumn, _ description: String) {
            guard !keys.contains(where: { $0.name == name }) else { return }
            keys.append(SortKey(name: name, column: column, description: description))
        }
        // Fields in x1–x3 first: where a collection has its own `end_date`, that is what the key sorts by.
        precondition(spec.sortFields.count <= SortColumn.extras.count, "\(spec.name): too many sortFields")
        for (field, column) in zip(spec.sortFields, SortColumn.extras) {
            let isDate: Bool
            if case .date? = spec.field(named: field)?.type { isDate = true } else { isDate = false }
            add(
                field, column,
                isDate ? "\(field), by its first day (records without it last)" : "\(field) (records without it last)")
        }
        if let span = spec.spanFields {
            // The field that opens the span sorts as the span's first day, the `date` column.
            add(span.start, .date, "\(span.start), by its first day (records without it last)")
            add("date", .date, "first day of the record's dates (undated last)")
            add("end_date", .endDate, "last day of the record's dates")
        }
        add(spec.titleField, .title, "\(spec.titleField), binary order")
        add("title", .title, "alias of \(spec.titleField)")
        for name in ["kind", "status"] where spec.fields.contains(where: { $0.name == name }) {
            add(name, .kind, "the record's \(name)")
        }
        for name in ["number", "round"] where spec.fields.contains(where: { $0.name == name }) {
            add(name, .number, "the record's \(name) (none first)")
        }
        add("id", .id, "the record id")
        return keys
    }
}

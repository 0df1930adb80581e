/// The columns (and column expressions) of `records` that lists sort by. Each is declared once,
/// here, and its index is made from the same declaration (`StoreSchema.indexStatements`), so a
/// sort key — which can only name one of these — cannot exist without an index that serves it.
public enum SortColumn: String, Sendable, CaseIterable {
    case id
    case date
    case endDate = "end_date"
    case title
    case kind
    case number
    case x1, x2, x3

    /// The indexed expression, over bare column names.
    var indexedExpression: String {
        switch self {
        case .id: "id"
        case .date: "sort_date"
        case .endDate: "COALESCE(span_end, sort_date)"
        case .title: "title"
        case .kind: "COALESCE(kind, '')"
        case .number: "COALESCE(num, -1)"
        case .x1, .x2, .x3: rawValue
        }
    }

    /// The same expression over `records r`, as queries write it (SQLite matches it to the index).
    var expression: String {
        switch self {
        case .id: "r.id"
        case .date: "r.sort_date"
        case .endDate: "COALESCE(r.span_end, r.sort_date)"
        case .title: "r.title"
        case .kind: "COALESCE(r.kind, '')"
        case .number: "COALESCE(r.num, -1)"
        case .x1, .x2, .x3: "r." + rawValue
        }
    }

    /// A bare column rather than an expression: SQLite seeks row-value comparisons only over
    /// columns, so expression keys page another way (`RecordOrder.keyset`).
    var isPlain: Bool { !expression.contains("(") }

    var isInteger: Bool { self == .number }

    /// `CREATE INDEX records_by_<column>`: led by the collection, ending in the id tie-break, so a
    /// single-key sort in either direction is an index walk. `records_by_id` is the unique key
    /// that point lookups use too.
    var indexStatement: String? {
        self == .id
            ? "CREATE UNIQUE INDEX records_by_id ON records (collection, id);"
            : "CREATE INDEX records_by_\(rawValue) ON records (collection, \(indexedExpression), id);"
    }

    /// The three per-collection columns, in order.
    static let extras: [SortColumn] = [.x1, .x2, .x3]
}

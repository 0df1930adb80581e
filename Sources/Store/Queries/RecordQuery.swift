/// What a list of one collection asks the store for: which records (every condition must hold),
/// in what order, after which row. The service layer builds it from validated parameters; the
/// store turns it into SQL over its own schema (`Database.count(_:)`, `Database.rows(_:…)`).
public struct RecordQuery: Sendable {
    public enum Condition: Sendable {
        /// A reference through `field` to any of `targets` (in one of `roles`, when given).
        case reference(field: String, targets: [String], roles: [String] = [])
        /// A looked-up value (`FilterSpec` name) equal to any of `values`.
        case attribute(name: String, values: [String])
        /// In force on that day (`as_of`).
        case inForce(on: PartialDate)
        /// The record's dates end on or after this day (`from`).
        case endsOnOrAfter(String)
        /// The record's dates start on or before this day (`to`).
        case startsOnOrBefore(String)
        /// A full-text match (an FTS5 expression, as `SearchExpression` writes it).
        case matches(fts: String)
    }

    public let collection: String
    public var conditions: [Condition]
    public var order: RecordOrder
    /// Continue after this row (from a cursor).
    public var after: RecordOrder.Keyset?

    public init(
        collection: String, conditions: [Condition] = [], order: RecordOrder, after: RecordOrder.Keyset? = nil
    ) {
        self.collection = collection
        self.conditions = conditions
        self.order = order
        self.after = after
    }

    /// Column of the rows `Database.rows(_:…)` returns: the id, then one value per order term
    /// (for the next cursor), then the record's canonical JSON.
    public static let idColumn: Int32 = 0
    public var jsonColumn: Int32 { Int32(1 + order.terms.count) }
}

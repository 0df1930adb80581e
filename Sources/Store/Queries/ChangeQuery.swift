/// What `/v1/changes` asks the store for: the feed from one release to this dataset, in feed
/// order, narrowed by collection and kind, continuing after a position.
public struct ChangeQuery: Sendable {
    public var since: String
    public var collections: [String]?
    public var kinds: [String]?
    /// Continue after this position in the feed (`seq`).
    public var after: Int?

    public init(since: String) {
        self.since = since
    }

    /// Columns of the rows `Database.rows(_:limit:)` returns (the tombstone's are null unless removed).
    public enum Column {
        public static let seq: Int32 = 0
        public static let kind: Int32 = 1
        public static let collection: Int32 = 2
        public static let id: Int32 = 3
        public static let previousID: Int32 = 4
        /// A JSON array of field names, or null.
        public static let fields: Int32 = 5
        public static let removedIn: Int32 = 6
        public static let reason: Int32 = 7
        public static let mergedInto: Int32 = 8
        public static let note: Int32 = 9
        /// A JSON array of `{source, lines}`.
        public static let sources: Int32 = 10
    }

    func conditions(paging: Bool) -> (String, [StatementArgument]) {
        var sql = " WHERE c.since = ?"
        var arguments: [StatementArgument] = [.text(since)]
        for (column, values) in [("c.collection", collections), ("c.kind", kinds)] {
            guard let values else { continue }
            sql += " AND \(column) IN (\(Database.placeholders(values.count)))"
            arguments += values.map(StatementArgument.text)
        }
        if paging, let after {
            sql += " AND c.seq > ?"
            arguments.append(.int(after))
        }
        return (sql, arguments)
    }
}

extension Database {
    public func count(_ query: ChangeQuery) throws -> Int {
        let (conditions, arguments) = query.conditions(paging: false)
        let statement = try cachedStatement("SELECT count(*) FROM changes c" + conditions)
        defer { statement.reset() }
        try statement.bind(arguments)
        return try statement.step() ? statement.int(0) : 0
    }

    /// Up to `limit` entries in feed order (columns as `ChangeQuery.Column` lists them).
    public func rows(_ query: ChangeQuery, limit: Int) throws -> Statement {
        let (conditions, arguments) = query.conditions(paging: true)
        let statement = try cachedStatement(
            """
            SELECT c.seq, c.kind, c.collection, c.id, c.previous_id, c.fields, c.removed_in,
                   t.reason, t.merged_into, t.note, t.sources
            FROM changes c LEFT JOIN tombstones t ON c.kind = 'removed' AND t.collection = c.collection AND t.id = c.id
            """ + conditions + " ORDER BY c.seq LIMIT ?")
        try statement.bind(arguments + [.int(limit)])
        return statement
    }
}

/// What the timeline asks the store for: records of several collections merged in date order
/// (then collection, then id), narrowed by what they refer to and by dates.
public struct TimelineQuery: Sendable {
    public var collections: [String]
    /// Records referring to any of these processes, or to a talk of one of them.
    public var processes: [String]?
    /// Records referring to any of these actors, in any field.
    public var actors: [String]?
    /// Records referring to any of these places, in any field.
    public var places: [String]?
    /// The record's dates end on or after this day.
    public var endsOnOrAfter: String?
    /// The record's dates start on or before this day.
    public var startsOnOrBefore: String?
    /// Continue after this row: its first day, collection and id.
    public var after: (date: String, collection: String, id: String)?

    public init(collections: [String]) {
        self.collections = collections
    }

    /// Columns of the rows `Database.rows(_:limit:)` returns.
    public enum Column {
        public static let collection: Int32 = 0
        public static let id: Int32 = 1
        public static let date: Int32 = 2
        public static let title: Int32 = 3
        public static let json: Int32 = 4
    }

    /// ` AND …` conditions over `records r`, with their arguments; `paging` adds the keyset.
    func conditions(paging: Bool) -> (String, [StatementArgument]) {
        var sql = " AND r.collection IN (\(Database.placeholders(collections.count)))"
        var arguments = collections.map(StatementArgument.text)
        if let processes {
            let list = Database.placeholders(processes.count)
            sql += """
                 AND EXISTS (SELECT 1 FROM refs f WHERE f.collection = r.collection AND f.id = r.id AND (
                  (f.target_collection = 'processes' AND f.target IN (\(list))) OR
                  (f.target_collection = 'talks' AND f.target IN (SELECT p.id FROM refs p WHERE p.collection = 'talks' AND p.field = 'process' AND p.target IN (\(list))))))
                """
            arguments += (processes + processes).map(StatementArgument.text)
        }
        for (collection, ids) in [("actors", actors), ("places", places)] {
            guard let ids else { continue }
            sql +=
                " AND EXISTS (SELECT 1 FROM refs f WHERE f.collection = r.collection AND f.id = r.id AND f.target_collection = ? AND f.target IN (\(Database.placeholders(ids.count))))"
            arguments += [.text(collection)] + ids.map(StatementArgument.text)
        }
        if let endsOnOrAfter {
            sql += " AND r.span_end >= ?"
            arguments.append(.text(endsOnOrAfter))
        }
        if let startsOnOrBefore {
            sql += " AND r.span_start <= ?"
            arguments.append(.text(startsOnOrBefore))
        }
        if paging, let after {
            sql += " AND (r.sort_date, r.collection, r.id) > (?, ?, ?)"
            arguments += [.text(after.date), .text(after.collection), .text(after.id)]
        }
        return (sql, arguments)
    }
}

extension Database {
    /// The number of records the timeline query selects (its keyset aside).
    public func count(_ query: TimelineQuery) throws -> Int {
        let (conditions, arguments) = query.conditions(paging: false)
        let statement = try cachedStatement("SELECT count(*) FROM records r WHERE 1" + conditions)
        defer { statement.reset() }
        try statement.bind(arguments)
        return try statement.step() ? statement.int(0) : 0
    }

    /// Up to `limit` rows in timeline order (columns as `TimelineQuery.Column` lists them).
    public func rows(_ query: TimelineQuery, limit: Int) throws -> Statement {
        let (conditions, arguments) = query.conditions(paging: true)
        let statement = try cachedStatement(
            "SELECT r.collection, r.id, r.sort_date, r.title, r.json FROM records r WHERE 1" + conditions
                + " ORDER BY r.sort_date, r.collection, r.id LIMIT ?")
        try statement.bind(arguments + [.int(limit)])
        return statement
    }
}

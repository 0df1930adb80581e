/// The point lookups the service layer makes, each a prepared statement against this store's own
/// schema (`StoreSchema`), so no SQL text lives outside `Store`. Lists, search and the timeline
/// are their own query types.
extension Database {
    /// Up to `limit` ids of `collection`, in id order.
    public func recordIDs(in collection: String, limit: Int) throws -> [String] {
        let statement = try cachedStatement(literal: "SELECT id FROM records WHERE collection = ? ORDER BY id LIMIT ?")
        defer { statement.reset() }
        try statement.bind([.text(collection), .int(limit)])
        var ids: [String] = []
        while try statement.step() { ids.append(statement.text(0) ?? "") }
        return ids
    }

    /// Whether `collection` has a record `id` (by primary key).
    public func recordExists(_ id: String, in collection: String) throws -> Bool {
        let statement = try cachedStatement(literal: "SELECT 1 FROM records WHERE collection = ? AND id = ?")
        defer { statement.reset() }
        try statement.bind([.text(collection), .text(id)])
        return try statement.step()
    }

    /// The current id of the record that had `previousID` in an earlier dataset version.
    public func currentID(ofPrevious previousID: String, in collection: String) throws -> String? {
        let statement = try cachedStatement(literal: "SELECT id FROM moved WHERE collection = ? AND old_id = ?")
        defer { statement.reset() }
        try statement.bind([.text(collection), .text(previousID)])
        return try statement.step() ? statement.text(0) : nil
    }

    /// The ids of the records of `collection` one of whose names or aliases folds to `name`.
    public func recordIDs(named name: String, in collection: String) throws -> [String] {
        let statement = try cachedStatement(
            "SELECT DISTINCT id FROM names WHERE name = ? AND collection = ? ORDER BY id")
        defer { statement.reset() }
        try statement.bind([.text(TextFolding.fold(name)), .text(collection)])
        var ids: [String] = []
        while try statement.step() { if let id = statement.text(0) { ids.append(id) } }
        return ids
    }

    /// Every spelling of every record of `collections` one of whose names folds like `name`.
    public func spellings(ofName name: String, in collections: [String]) throws -> [String] {
        let statement = try cachedStatement(
            """
            SELECT DISTINCT n2.spelling FROM names n1 JOIN names n2 ON n2.collection = n1.collection AND n2.id = n1.id
            WHERE n1.name = ? AND n1.collection IN (\(Self.placeholders(collections.count))) ORDER BY n2.spelling
            """)
        defer { statement.reset() }
        try statement.bind([.text(TextFolding.fold(name))] + collections.map(StatementArgument.text))
        var result: [String] = []
        while try statement.step() { if let spelling = statement.text(0) { result.append(spelling) } }
        return result
    }

    /// The collection and title of the record `id` in the first of `collections` that has it.
    public func collectionAndTitle(of id: String, in collections: [String]) throws -> (
        collection: String, title: String
    )? {
        let statement = try cachedStatement(
            "SELECT collection, title FROM records WHERE id = ? AND collection IN (\(Self.placeholders(collections.count))) LIMIT 1"
        )
        defer { statement.reset() }
        try statement.bind([.text(id)] + collections.map(StatementArgument.text))
        guard try statement.step(), let collection = statement.text(0) else { return nil }
        return (collection, statement.text(1) ?? id)
    }

    /// A record's stored JSON as column 0 of the returned statement's current row (nil when no
    /// record has the id), so the caller can copy it straight from SQLite's row buffer.
    public func recordJSON(_ id: String, in collection: String) throws -> Statement? {
        let statement = try cachedStatement(literal: "SELECT json FROM records WHERE collection = ? AND id = ?")
        try statement.bind([.text(collection), .text(id)])
        return try statement.step() ? statement : nil
    }

    /// How many lines of `source` the store holds (0 when built without the corpus).
    public func sourceLineCount(_ source: String) throws -> Int {
        try scalarInt("SELECT count(*) FROM source_lines WHERE source = ?", [.text(source)]) ?? 0
    }

    /// Lines `range` of `source`, in order: columns line (int), text.
    public func sourceLines(_ source: String, _ range: ClosedRange<Int>) throws -> Statement {
        let statement = try cachedStatement(
            "SELECT line, text FROM source_lines WHERE source = ? AND line BETWEEN ? AND ? ORDER BY line")
        try statement.bind([.text(source), .int(range.lowerBound), .int(range.upperBound)])
        return statement
    }

    /// How many citations name `source`.
    public func citationCount(of source: String) throws -> Int {
        try scalarInt("SELECT count(*) FROM citations WHERE source = ?", [.text(source)]) ?? 0
    }

    /// The citations of `source` in line order, after (line, rowid) when given, at most `limit`:
    /// columns rowid, collection, id, line_from, line_to, quote, path, the record's title.
    public func citations(of source: String, after: (line: Int, rowid: Int)?, limit: Int) throws -> Statement {
        let statement = try cachedStatement(
            """
            SELECT c.rowid, c.collection, c.id, c.line_from, c.line_to, c.quote, c.path, r.title
            FROM citations c JOIN records r ON r.collection = c.collection AND r.id = c.id
            WHERE c.source = ?\(after == nil ? "" : " AND (c.line_from, c.rowid) > (?, ?)") ORDER BY c.line_from, c.rowid LIMIT ?
            """)
        try statement.bind([.text(source)] + (after.map { [.int($0.line), .int($0.rowid)] } ?? []) + [.int(limit)])
        return statement
    }

    /// The zones' stored JSON in id order, only those in force on `day` when given (column 0).
    public func zones(inForceOn day: PartialDate?) throws -> Statement {
        let statement = try cachedStatement(
            "SELECT r.json FROM records r WHERE r.collection = 'zones'"
                + (day == nil ? "" : " AND " + Self.inForceCondition) + " ORDER BY r.id")
        try statement.bind(day.map { [.text($0.upperBound), .text($0.lowerBound)] } ?? [])
        return statement
    }

    /// Records of `records r` in force on a day: bind the day's last day, then its first day.
    static let inForceCondition = "r.valid_from <= ? AND (r.valid_to IS NULL OR r.valid_to >= ?)"

    /// `?, ?, ?` for an IN list of `count` values.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: max(1, count)).joined(separator: ", ")
    }
}

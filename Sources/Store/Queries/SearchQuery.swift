/// One page of ranked search hits and the match counts per collection, from the stored rankings
/// of common words when they can answer (see `SearchImpacts`), else from FTS5.
public struct SearchQuery: Sendable {
    public struct Hit: Sendable {
        public let rowid: Int
        public let score: Double
    }

    /// An FTS5 expression, as `SearchExpression` writes it.
    public let fts: String
    /// Only hits in these collections (empty: all).
    public let collections: [String]
    /// The keyset of the previous page's last hit.
    public let after: (score: Double, rowid: Int)?

    public init(fts: String, collections: [String], after: (score: Double, rowid: Int)?) {
        self.fts = fts
        self.collections = collections
        self.after = after
    }

    /// The collections facets count, in the order they are listed (by collection name).
    public static let facetCollections = (DatasetSchema.collections.map(\.name) + ["passages"]).sorted()

    /// A single plain word — the only query the stored rankings hold. Anything else (phrases,
    /// operators, prefixes, names expanded to their spellings) is ranked by FTS5.
    var storedTerm: String? {
        guard collections.isEmpty, !fts.isEmpty,
            fts.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) })
        else {
            return nil
        }
        return fts.lowercased()
    }

    /// Up to `count` hits after the keyset, best first.
    public func hits(_ count: Int, in db: Database) throws -> [Hit] {
        if let term = storedTerm, let stored = try storedHits(term, count, in: db) { return stored }
        let typeFilter =
            collections.isEmpty ? "" : " AND collection IN (\(Database.placeholders(collections.count)))"
        let keyset = after == nil ? "" : " WHERE (score, rid) > (?, ?)"
        // Only rowid and bm25 are read for every match; the page's rows are fetched afterwards.
        let statement = try db.cachedStatement(
            """
            SELECT rid, score FROM (
              SELECT rowid AS rid, \(SearchImpacts.bm25) AS score FROM search WHERE search MATCH ?\(typeFilter)
            )\(keyset) ORDER BY score, rid LIMIT ?
            """)
        var arguments: [StatementArgument] = [.text(fts)] + collections.map(StatementArgument.text)
        if let after { arguments += [.double(after.score), .int(after.rowid)] }
        try statement.bind(arguments + [.int(count)])
        return try Self.read(statement)
    }

    /// The stored hits, or nil when the word has none stored or the page runs past them.
    private func storedHits(_ term: String, _ count: Int, in db: Database) throws -> [Hit]? {
        let info = try db.cachedStatement("SELECT matches, stored FROM search_terms WHERE term = ?")
        defer { info.reset() }
        try info.bind([.text(term)])
        guard try info.step() else { return nil }
        let complete = info.int(0) == info.int(1)
        let statement = try db.cachedStatement(
            after == nil
                ? "SELECT rid, score FROM search_top WHERE term = ? ORDER BY score, rid LIMIT ?"
                : "SELECT rid, score FROM search_top WHERE term = ? AND (score, rid) > (?, ?) ORDER BY score, rid LIMIT ?"
        )
        try statement.bind([.text(term)] + (after.map { [.double($0.score), .int($0.rowid)] } ?? []) + [.int(count)])
        let hits = try Self.read(statement)
        return hits.count == count || complete ? hits : nil
    }

    private static func read(_ statement: Statement) throws -> [Hit] {
        var hits: [Hit] = []
        while try statement.step() { hits.append(Hit(rowid: statement.int(0), score: statement.double(1))) }
        return hits
    }

    /// Matches per collection, aligned with `facetCollections`: stored for common words, else counted.
    public func facets(in db: Database) throws -> [Int] {
        var counts = Array(repeating: 0, count: Self.facetCollections.count)
        func add(_ collection: String, _ count: Int) {
            if let index = Self.facetCollections.firstIndex(of: collection) { counts[index] = count }
        }
        if let term = storedTerm {
            let stored = try db.cachedStatement("SELECT facets FROM search_terms WHERE term = ?")
            defer { stored.reset() }
            try stored.bind([.text(term)])
            if try stored.step() {
                for pair in (stored.text(0) ?? "").split(separator: ",") {
                    let parts = pair.split(separator: "=")
                    if parts.count == 2, let count = Int(parts[1]) { add(String(parts[0]), count) }
                }
                return counts
            }
        }
        let statement = try db.cachedStatement(
            "SELECT collection, count(*) FROM search WHERE search MATCH ? GROUP BY collection")
        try statement.bind([.text(fts)])
        while try statement.step() { add(statement.text(0) ?? "", statement.int(1)) }
        return counts
    }

    /// A hit's record: its collection, id, title and a snippet with the matches marked.
    public func record(of hit: Hit, in db: Database) throws -> (
        collection: String, id: String, title: String?, snippet: String?
    )? {
        let statement = try db.cachedStatement(
            """
            SELECT collection, id, title, snippet(search, -1, '<mark>', '</mark>', '…', 16) FROM search WHERE search MATCH ? AND rowid = ?
            """)
        defer { statement.reset() }
        try statement.bind([.text(fts), .int(hit.rowid)])
        guard try statement.step() else { return nil }
        return (statement.text(0) ?? "", statement.text(1) ?? "", statement.text(2), statement.text(3))
    }
}

/// Precomputed answers for the searches that cost the most: a single common word.
///
/// Ranking with FTS5's bm25 scores every document that matches, so "ceasefire" over a store of a
/// million records scores a hundred thousand rows to return ten — the cost grows with the store.
/// For each word in at least `minimumMatches` documents the builder stores, once, its best
/// `kept` hits with the exact bm25 score the query would compute (same weights, same tie-break by
/// rowid), and its match count per collection. A search for that word then reads a short index
/// range; deeper pages past the stored hits, and every other query, go to FTS5 as before.
public enum SearchImpacts {
    /// Below this many matches FTS5 ranks a word in well under a millisecond.
    public static let minimumMatches = 256
    /// Hits kept per word: fifty pages of twenty.
    public static let kept = 1_000
    /// The column weights of every ranked search: title 10, aliases 5, body 1 (collection and id are not indexed).
    public static let bm25 = "bm25(search, 0, 0, 10.0, 5.0, 1.0)"

    static let createStatements = """
        CREATE TABLE search_terms (term TEXT PRIMARY KEY, matches INTEGER NOT NULL, stored INTEGER NOT NULL, facets TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE search_top (term TEXT NOT NULL, score REAL NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (term, score, rid)) WITHOUT ROWID;
        """

    /// Fills both tables from the finished FTS index.
    static func build(_ db: Database) throws {
        try db.execute(createStatements)
        try db.execute("CREATE VIRTUAL TABLE temp.search_vocabulary USING fts5vocab(main, search, 'row')")
        defer { try? db.execute("DROP TABLE temp.search_vocabulary") }
        let terms = try db.prepare("SELECT term FROM temp.search_vocabulary WHERE doc >= ? ORDER BY term")
        try terms.bind([.int(minimumMatches)])
        var words: [String] = []
        while try terms.step() { if let term = terms.text(0) { words.append(term) } }

        let facets = try db.prepare(
            "SELECT collection, count(*) FROM search WHERE search MATCH ? GROUP BY collection ORDER BY collection")
        let top = try db.prepare(
            "SELECT rowid, \(bm25) AS score FROM search WHERE search MATCH ? ORDER BY score, rowid LIMIT ?")
        let insertTerm = try db.prepare("INSERT INTO search_terms (term, matches, stored, facets) VALUES (?, ?, ?, ?)")
        let insertTop = try db.prepare("INSERT INTO search_top (term, score, rid) VALUES (?, ?, ?)")
        for word in words {
            // A quoted phrase of one token: the word exactly as the tokenizer stored it, even "and" or "not".
            let phrase = "\"" + word.replacing("\"", with: "\"\"") + "\""
            facets.reset()
            try facets.bind([.text(phrase)])
            var total = 0
            var counts: [String] = []
            while try facets.step() {
                total += facets.int(1)
                counts.append("\(facets.text(0) ?? "")=\(facets.int(1))")
            }
            top.reset()
            try top.bind([.text(phrase), .int(kept)])
            var stored = 0
            while try top.step() {
                try insertTop.run([.text(word), .double(top.double(1)), .int(top.int(0))])
                stored += 1
            }
            try insertTerm.run([.text(word), .int(total), .int(stored), .text(counts.joined(separator: ","))])
        }
    }
}

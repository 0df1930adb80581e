import Store

/// Turns a failed full-text match into the 400 it is, instead of a 500. Recognised by what failed
/// — SQLite's generic error code from a statement that evaluates `search MATCH ?` — not by the
/// wording of SQLite's message. `SearchExpression` writes only well-formed FTS5 syntax, so this is
/// the last guard, not the usual path.
enum SearchErrors {
    /// SQLITE_ERROR: FTS5 reports a query it cannot parse with the generic code.
    static let sqliteError: Int32 = 1

    static func mapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError
            where error.kind == .sqlite(code: sqliteError) && (error.sql?.contains("search MATCH") ?? false)
        {
            throw Problem.invalidParameter("q", .invalidSearch, "is not a valid search: \(error.message)")
        }
    }
}

import Store

/// Turns an FTS5 syntax error (from `q`) into the 400 it is, instead of a 500.
enum SearchErrors {
    static func mapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError where error.message.contains("fts5") || error.message.contains("syntax error") {
            throw Problem.invalidParameter("q", .invalidSearch, "is not a valid search: \(error.message)")
        }
    }
}

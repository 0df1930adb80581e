import CSQLite

/// A failure in the store layer. SQLite failures carry the result code, SQLite's message and the
/// statement (after GRDB's `DatabaseError`), so a log line says exactly what went wrong where.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// sqlite3 returned an error code.
        case sqlite(code: Int32)
        /// The file is not a Parley store, has another schema version, or failed verification.
        case invalidStore
        /// The dataset is unreadable or fails validation (see `DatasetIssue`).
        case invalidDataset
        /// A file could not be read, written or renamed.
        case io
    }

    public let kind: Kind
    public let message: String
    public let sql: String?

    public init(kind: Kind, message: String, sql: String? = nil) {
        self.kind = kind
        self.message = message
        self.sql = sql
    }

    init(code: Int32, db: OpaquePointer?, sql: String? = nil) {
        let text =
            db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        self.init(kind: .sqlite(code: code), message: text, sql: sql)
    }

    public var description: String {
        switch kind {
        case .sqlite(let code):
            return "SQLite error \(code): \(message)" + (sql.map { " — while executing: \($0)" } ?? "")
        case .invalidStore, .invalidDataset, .io:
            return message
        }
    }
}

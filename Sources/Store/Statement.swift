import CSQLite

/// A value bound to a statement parameter.
public enum StatementArgument: Sendable, Equatable {
    case text(String)
    case int(Int)
    case double(Double)
    case null
}

/// A prepared statement. It owns its `sqlite3_stmt` and finalizes it in `deinit`.
public final class Statement {
    let handle: OpaquePointer
    public let sql: String
    private unowned let database: Database

    init(database: Database, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let prepared = statement else {
            throw StoreError(code: code, db: database.handle, sql: sql)
        }
        self.handle = prepared
        self.sql = sql
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds arguments to parameters 1...n in order.
    public func bind(_ arguments: [StatementArgument]) throws {
        for (offset, argument) in arguments.enumerated() {
            try bind(argument, at: Int32(offset + 1))
        }
    }

    public func bind(_ argument: StatementArgument, at index: Int32) throws {
        let code: Int32
        switch argument {
        case .text(let value):
            // A native string's UTF-8 is contiguous: bind it in place (SQLite copies it), without
            // the NUL-terminated array `utf8CString` would allocate per argument.
            var text = value
            code = text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) {
                    parley_bind_text_transient(handle, index, $0.baseAddress, Int32($0.count))
                }
            }
        case .int(let value):
            code = sqlite3_bind_int64(handle, index, sqlite3_int64(value))
        case .double(let value):
            code = sqlite3_bind_double(handle, index, value)
        case .null:
            code = sqlite3_bind_null(handle, index)
        }
        guard code == SQLITE_OK else { throw StoreError(code: code, db: database.handle, sql: sql) }
    }

    /// Advances to the next row. Returns false when there are no more rows.
    public func step() throws -> Bool {
        let started = Database.monotonicNanoseconds()
        let code = sqlite3_step(handle)
        database.stepNanoseconds &+= Database.monotonicNanoseconds() &- started
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StoreError(code: code, db: database.handle, sql: sql)
        }
    }

    /// Runs a statement that returns no rows.
    public func run(_ arguments: [StatementArgument]) throws {
        reset()
        try bind(arguments)
        while try step() {}
    }

    public func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    public func int(_ column: Int32) -> Int {
        Int(sqlite3_column_int64(handle, column))
    }

    public func double(_ column: Int32) -> Double {
        sqlite3_column_double(handle, column)
    }

    public func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Appends a text column's UTF-8 bytes straight into `buffer`, with no intermediate String.
    /// This is how stored JSON reaches the response body.
    public func appendText(_ column: Int32, to buffer: inout [UInt8]) {
        guard let pointer = sqlite3_column_text(handle, column) else { return }
        let count = Int(sqlite3_column_bytes(handle, column))
        buffer.append(contentsOf: UnsafeBufferPointer(start: pointer, count: count))
    }
}

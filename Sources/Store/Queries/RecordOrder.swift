/// The order a list walks its records in: sort keys from the collection's whitelist (`SortKeys`),
/// each ascending or descending, with the id always breaking ties; and the keyset condition that
/// continues after a given row.
public struct RecordOrder: Sendable {
    public struct Term: Sendable {
        public let key: SortKey
        public let descending: Bool

        public init(key: SortKey, descending: Bool) {
            self.key = key
            self.descending = descending
        }
    }

    public let terms: [Term]

    public init(terms: [Term]) {
        self.terms = terms
    }

    /// `sort=-date,title` as the API writes it back (cursors are bound to it).
    public var canonical: String {
        terms.map { ($0.descending ? "-" : "") + $0.key.name }.joined(separator: ",")
    }

    /// A position in this order: the sort values and id of the row to continue after.
    public struct Keyset: Sendable {
        let sql: String
        let arguments: [StatementArgument]
    }

    /// Sort terms followed by the id tie-breaker (unless the id is already a term), running the
    /// same way as the last term: `sort=-date` is (date, id) descending, which the index gives
    /// walked backwards — with the id ascending, SQLite would sort every day's rows again.
    private var effectiveTerms: [Term] {
        if terms.contains(where: { $0.key.column == .id }) { return terms }
        return terms + [Term(key: .id, descending: terms.last?.descending ?? false)]
    }

    var orderBy: String {
        effectiveTerms.map { $0.key.expression + ($0.descending ? " DESC" : "") }.joined(separator: ", ")
    }

    /// Selected after the id so the last row's values can go into the next cursor.
    var selectExpressions: [String] { terms.map(\.key.expression) }

    /// Rows strictly after the row with these sort `values` and `id`; nil when the values do not fit
    /// this order (a cursor of another sort). With one direction throughout over plain columns, a
    /// row-value comparison `(k1, k2, id) > (v1, v2, vid)`, which SQLite turns into an index seek.
    /// Otherwise (k1 > v1) OR (k1 = v1 AND k2 > v2) OR …, led by `k1 >= v1` (`<=` descending):
    /// SQLite plans an OR of bound parameters as a filter, so without that bound a deep page would
    /// walk every row before it (measured: 0.24 s at row 100,000 of a million, 15 ms with it).
    public func keyset(after values: [String], id: String) -> Keyset? {
        let all = effectiveTerms
        var values = values
        if all.count == terms.count + 1 { values.append(id) }
        guard values.count == all.count else { return nil }
        if all.allSatisfy({ $0.descending == all[0].descending && $0.key.column.isPlain }) {
            let columns = all.map(\.key.expression).joined(separator: ", ")
            return Keyset(
                sql: "(\(columns)) \(all[0].descending ? "<" : ">") (\(Database.placeholders(all.count)))",
                arguments: zip(values, all).map { argument($0, $1.key) })
        }
        var clauses: [String] = []
        var arguments: [StatementArgument] = [argument(values[0], all[0].key)]
        for index in all.indices {
            var parts: [String] = []
            for previous in 0..<index {
                parts.append("\(all[previous].key.expression) = ?")
                arguments.append(argument(values[previous], all[previous].key))
            }
            parts.append("\(all[index].key.expression) \(all[index].descending ? "<" : ">") ?")
            arguments.append(argument(values[index], all[index].key))
            clauses.append("(" + parts.joined(separator: " AND ") + ")")
        }
        let bound = "\(all[0].key.expression) \(all[0].descending ? "<=" : ">=") ? AND "
        return Keyset(sql: "(" + bound + "(" + clauses.joined(separator: " OR ") + "))", arguments: arguments)
    }

    private func argument(_ value: String, _ key: SortKey) -> StatementArgument {
        key.column.isInteger ? .int(Int(value) ?? -1) : .text(value)
    }
}

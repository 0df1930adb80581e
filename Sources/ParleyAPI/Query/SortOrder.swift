import Store

/// A column a list may be sorted by, as a non-null SQL expression over `records r`.
struct SortKey: Sendable {
    let name: String
    let expression: String
    let integer: Bool
    let description: String

    /// A bare column (`r.title`) rather than an expression (`COALESCE(r.num, -1)`): SQLite seeks
    /// row-value comparisons only over columns, so expression keys page another way.
    var isColumn: Bool { !expression.contains("(") }
}

/// `sort=-date,title`: keys from a per-collection whitelist, each ascending or descending, with
/// the id always breaking ties, and the keyset condition that continues after a given row.
struct SortOrder: Sendable {
    struct Term: Sendable {
        let key: SortKey
        let descending: Bool
    }

    let terms: [Term]

    /// The keys a collection may be sorted by.
    static func keys(for spec: CollectionSpec) -> [SortKey] {
        var keys: [SortKey] = []
        if spec.spanFields != nil {
            keys.append(SortKey(name: "date", expression: "r.sort_date", integer: false, description: "first day of the record's dates (undated last)"))
            keys.append(SortKey(name: "end_date", expression: "COALESCE(r.span_end, r.sort_date)", integer: false, description: "last day of the record's dates"))
        }
        keys.append(SortKey(name: "title", expression: "r.title", integer: false, description: "title or name, binary order"))
        if spec.fields.contains(where: { $0.name == "kind" || $0.name == "status" }) {
            let name = spec.fields.contains { $0.name == "kind" } ? "kind" : "status"
            keys.append(SortKey(name: name, expression: "COALESCE(r.kind, '')", integer: false, description: "the record's \(name)"))
        }
        if let numbered = spec.fields.first(where: { $0.name == "number" || $0.name == "round" }) {
            keys.append(SortKey(name: numbered.name, expression: "COALESCE(r.num, -1)", integer: true, description: "the record's \(numbered.name) (none first)"))
        }
        keys.append(SortKey(name: "id", expression: "r.id", integer: false, description: "the record id"))
        return keys
    }

    /// Chronological where records have dates, else by id.
    static func defaultOrder(for spec: CollectionSpec) -> SortOrder {
        let keys = keys(for: spec)
        return SortOrder(terms: [Term(key: keys[0], descending: false)])
    }

    /// Parses `sort`, reporting an unknown or repeated key with the allowed list.
    static func parse(_ text: String?, spec: CollectionSpec, validation: inout ParameterValidation) -> SortOrder {
        guard let text else { return defaultOrder(for: spec) }
        let available = keys(for: spec)
        var terms: [Term] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let descending = piece.hasPrefix("-")
            let name = String(descending ? piece.dropFirst() : piece)
            guard let key = available.first(where: { $0.name == name }) else {
                validation.add("sort", "unknown sort key '\(name)'; allowed: \(available.map(\.name).joined(separator: ", ")) (prefix - for descending)")
                return defaultOrder(for: spec)
            }
            guard !terms.contains(where: { $0.key.name == name }) else {
                validation.add("sort", "sorts by \(name) twice")
                return defaultOrder(for: spec)
            }
            terms.append(Term(key: key, descending: descending))
        }
        return SortOrder(terms: terms)
    }

    /// Sort terms followed by the id tie-breaker (unless the id is already a term), running the
    /// same way as the last term: `sort=-date` is (date, id) descending, which the index gives
    /// walked backwards — with the id ascending, SQLite would sort every day's rows again.
    private var effectiveTerms: [Term] {
        if terms.contains(where: { $0.key.name == "id" }) { return terms }
        return terms + [Term(key: SortKey(name: "id", expression: "r.id", integer: false, description: ""), descending: terms.last?.descending ?? false)]
    }

    var orderBy: String {
        effectiveTerms.map { $0.key.expression + ($0.descending ? " DESC" : "") }.joined(separator: ", ")
    }

    /// Selected as extra columns so the last row's values can go into the next cursor.
    var selectExpressions: [String] { terms.map(\.key.expression) }

    var canonical: String {
        terms.map { ($0.descending ? "-" : "") + $0.key.name }.joined(separator: ",")
    }

    /// Rows strictly after (values…, id) in this order. With one direction throughout over plain
    /// columns, a row-value comparison `(k1, k2, id) > (v1, v2, vid)`, which SQLite turns into an
    /// index seek. Otherwise (k1 > v1) OR (k1 = v1 AND k2 > v2) OR …, led by `k1 >= v1` (`<=` descending):
    /// SQLite plans an OR of bound parameters as a filter, so without that bound a deep page would
    /// walk every row before it (measured: 0.24 s at row 100,000 of a million, 15 ms with it).
    func after(_ cursor: Cursor) -> (sql: String, arguments: [StatementArgument])? {
        let all = effectiveTerms
        var values = cursor.values
        if all.count == terms.count + 1 { values.append(cursor.id) }
        guard values.count == all.count else { return nil }
        if all.allSatisfy({ $0.descending == all[0].descending && $0.key.isColumn }) {
            let columns = all.map(\.key.expression).joined(separator: ", ")
            let placeholders = Array(repeating: "?", count: all.count).joined(separator: ", ")
            return ("(\(columns)) \(all[0].descending ? "<" : ">") (\(placeholders))", zip(values, all).map { argument($0, $1.key) })
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
        return ("(" + bound + "(" + clauses.joined(separator: " OR ") + "))", arguments)
    }

    private func argument(_ value: String, _ key: SortKey) -> StatementArgument {
        key.integer ? .int(Int(value) ?? -1) : .text(value)
    }
}

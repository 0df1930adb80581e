/// `RecordQuery` as SQL. Each condition is an `EXISTS` or comparison tested per row; one that can
/// select its records straight from an index (a reference, a looked-up value, a text match) also
/// has a *driver*: a subquery of the matching ids. A list can then run either way round: walk the
/// sort index and test each record (cheap when matches are common: a page is found after a few
/// rows), or fetch the matches through the driver and sort them (cheap when they are few).
/// Counting always starts from a driver when there is one.
extension Database {
    /// The number of records the query's conditions select (its order and keyset aside).
    public func count(_ query: RecordQuery) throws -> Int {
        let sql = RecordSQL(query)
        let (from, arguments) = sql.source(driven: sql.driverIndex != nil)
        let statement = try cachedStatement("SELECT count(*)" + from)
        defer { statement.reset() }
        try statement.bind(arguments)
        return try statement.step() ? statement.int(0) : 0
    }

    /// The query's rows in order (columns as `RecordQuery` describes them), at most `limit`.
    /// `matches` (the count) and `collectionSize` choose the plan: walking the sort index finds a
    /// page after about limit × size / matches rows; fetching the matches through a driver and
    /// sorting them costs about matches rows. So the driver is used only when the matches are few
    /// (matches² ≤ limit × size): then the sort is over those few rows only, else no sort happens.
    /// `streaming`: a statement of its own (an export reads it while other requests run), not the
    /// connection's cached one.
    public func rows(
        _ query: RecordQuery, limit: Int, matches: Int, collectionSize: Int, streaming: Bool = false
    ) throws -> Statement {
        let sql = RecordSQL(query)
        let columns = (["r.id"] + query.order.selectExpressions + ["r.json"]).joined(separator: ", ")
        let (from, arguments) = sql.source(driven: matches * matches <= limit * collectionSize)
        let text =
            "SELECT " + columns + from + (query.after.map { " AND " + $0.sql } ?? "") + " ORDER BY "
            + query.order.orderBy + " LIMIT ?"
        let statement = streaming ? try prepare(text) : try cachedStatement(text)
        try statement.bind(arguments + (query.after?.arguments ?? []) + [.int(limit)])
        return statement
    }
}

/// The SQL of one `RecordQuery`'s conditions.
struct RecordSQL {
    struct Condition {
        let sql: String
        let arguments: [StatementArgument]
        /// `SELECT DISTINCT … id` of the matching records of the collection, with its arguments.
        let driver: (sql: String, arguments: [StatementArgument])?
    }

    let collection: String
    let conditions: [Condition]

    init(_ query: RecordQuery) {
        collection = query.collection
        conditions = query.conditions.map { Self.condition($0, in: query.collection) }
    }

    /// The condition whose driver should select the records (the first that has one).
    var driverIndex: Int? { conditions.firstIndex { $0.driver != nil } }

    /// ` FROM … WHERE …` with its arguments: `driven`, from the first driver's ids (CROSS JOIN
    /// keeps that order: the driver's index first, then each record by primary key); otherwise the
    /// collection through the sort index, each row tested.
    func source(driven: Bool) -> (String, [StatementArgument]) {
        if driven, let driving = driverIndex, let driver = conditions[driving].driver {
            let (rest, arguments) = clauses(skipping: driving)
            return (
                " FROM (\(driver.sql)) m CROSS JOIN records r ON r.collection = ? AND r.id = m.id WHERE 1" + rest,
                driver.arguments + [.text(collection)] + arguments
            )
        }
        let (rest, arguments) = clauses(skipping: nil)
        return (" FROM records r WHERE r.collection = ?" + rest, [.text(collection)] + arguments)
    }

    /// The conditions as ` AND …` clauses, leaving out the one at `skipping`, and their arguments.
    private func clauses(skipping: Int?) -> (String, [StatementArgument]) {
        var text = ""
        var arguments: [StatementArgument] = []
        for (offset, condition) in conditions.enumerated() where offset != skipping {
            text += " AND " + condition.sql
            arguments += condition.arguments
        }
        return (text, arguments)
    }

    /// Records of `collection` with a row in `table` (an exploded fact: `refs`, `attrs`) matching
    /// `match`: an `EXISTS` per row, and as driver the ids straight from the table's index.
    private static func lookup(
        in table: String, as alias: String, where match: String, _ arguments: [StatementArgument],
        collection: String
    ) -> Condition {
        Condition(
            sql:
                "EXISTS (SELECT 1 FROM \(table) \(alias) WHERE \(alias).collection = r.collection AND \(match) AND \(alias).id = r.id)",
            arguments: arguments,
            driver: (
                "SELECT DISTINCT \(alias).id AS id FROM \(table) \(alias) WHERE \(alias).collection = ? AND \(match)",
                [.text(collection)] + arguments
            ))
    }

    private static func condition(_ condition: RecordQuery.Condition, in collection: String) -> Condition {
        switch condition {
        case .reference(let field, let targets, let roles):
            // Per row: `EXISTS` on `refs_by_target`; as driver, the same index.
            let role = roles.isEmpty ? "" : " AND f.role IN (\(Database.placeholders(roles.count)))"
            let match = "f.field = ? AND f.target IN (\(Database.placeholders(targets.count)))\(role)"
            let arguments = [.text(field)] + (targets + roles).map(StatementArgument.text)
            return lookup(in: "refs", as: "f", where: match, arguments, collection: collection)
        case .attribute(let name, let values):
            // Both ways through `attrs_by_value`.
            let match = "a.field = ? AND a.value IN (\(Database.placeholders(values.count)))"
            let arguments = [.text(name)] + values.map(StatementArgument.text)
            return lookup(in: "attrs", as: "a", where: match, arguments, collection: collection)
        case .inForce(let day):
            return Condition(
                sql: Database.inForceCondition, arguments: [.text(day.upperBound), .text(day.lowerBound)], driver: nil)
        case .endsOnOrAfter(let day):
            return Condition(sql: "r.span_end >= ?", arguments: [.text(day)], driver: nil)
        case .startsOnOrBefore(let day):
            return Condition(sql: "r.span_start <= ?", arguments: [.text(day)], driver: nil)
        case .matches(let fts):
            let matches = "SELECT DISTINCT s.id AS id FROM search s WHERE search MATCH ? AND s.collection = ?"
            return Condition(
                sql: "r.id IN (\(matches))", arguments: [.text(fts), .text(collection)],
                driver: (matches, [.text(fts), .text(collection)]))
        }
    }
}

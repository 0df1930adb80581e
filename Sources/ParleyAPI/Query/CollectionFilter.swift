import Store

/// A filter a collection's list endpoint offers, mapped to SQL over the store's tables.
struct CollectionFilter: Sendable {
    enum Kind: Sendable {
        /// Records referencing one of the given records through `field` (ids or any of their names).
        case reference(field: String, collection: String)
        /// Records whose attribute `field` has one of the values (`allowed` nil: free text, folded).
        case attribute(field: String, allowed: [String]?)
        /// Participant roles; combined with the `actor` filter it means "this actor in this role".
        case role
        /// In force on that day: valid_from ≤ day ≤ valid_to (open-ended when no end).
        case asOf
    }

    let parameter: ParameterSpec
    let kind: Kind

    static func reference(_ name: String, field: String, collection: String, description: String) -> CollectionFilter {
        CollectionFilter(
            parameter: ParameterSpec(name: name, kind: .ids(collection: collection), description: description),
            kind: .reference(field: field, collection: collection))
    }

    static func choice(_ name: String, field: String, spec: CollectionSpec, description: String) -> CollectionFilter {
        var allowed: [String] = []
        if case .choice(let values)? = spec.field(named: field)?.type { allowed = values }
        return CollectionFilter(
            parameter: ParameterSpec(name: name, kind: .choice(allowed), description: description),
            kind: .attribute(field: field, allowed: allowed))
    }

    static func text(_ name: String, field: String, description: String) -> CollectionFilter {
        CollectionFilter(
            parameter: ParameterSpec(name: name, kind: .text, description: description),
            kind: .attribute(field: field, allowed: nil))
    }

    static let role = CollectionFilter(
        parameter: ParameterSpec(
            name: "role",
            kind: .choice(DatasetSchema.participantRoles),
            description: "Talks with a participant in any of these roles; with `actor`, that actor in that role."),
        kind: .role)

    static let asOf = CollectionFilter(
        parameter: ParameterSpec(
            name: "as_of", kind: .date,
            description: "Records in force on this day (valid_from ≤ day ≤ valid_to; no end means still in force)."),
        kind: .asOf)
}

/// The SQL conditions, arguments and canonical description of a list request's filters.
///
/// A condition that can select its records straight from an index (a reference, an attribute, a
/// text search) also has a *driver*: a subquery of the matching ids. A list can then run either
/// way round: walk the sort index and test each record (cheap when matches are common: a page
/// is found after a few rows), or fetch the matches through the driver and sort them (cheap when
/// they are few). Counting always starts from a driver when there is one.
struct FilterClauses {
    struct Condition {
        let sql: String
        let arguments: [StatementArgument]
        /// `SELECT DISTINCT … id` of the matching records of the collection, with its arguments.
        let driver: (sql: String, arguments: [StatementArgument])?
    }

    var conditions: [Condition] = []
    /// Canonical text of the filters, which a cursor is bound to.
    var binding: [String] = []

    mutating func add(
        _ condition: String, _ arguments: [StatementArgument], binding: String,
        driver: (sql: String, arguments: [StatementArgument])? = nil
    ) {
        conditions.append(Condition(sql: condition, arguments: arguments, driver: driver))
        self.binding.append(binding)
    }

    /// Records in force on `day` (`as_of`): valid from on or before its last day, to on or after its first.
    mutating func addInForce(on day: PartialDate) {
        add(Database.inForceCondition, [.text(day.upperBound), .text(day.lowerBound)], binding: "as_of=\(day.text)")
    }

    /// `from`/`to`: records whose span overlaps the range (a `to` before `from` is refused).
    mutating func addDateRange(_ query: QueryParameters, validation: inout ParameterValidation) {
        let from = validation.date(query, .from)
        let to = validation.date(query, .to)
        if let from, let to, to.upperBound < from.lowerBound {
            validation.add("to", .invalidRange, "must not be before from (\(from.text))")
        }
        if let from { add("r.span_end >= ?", [.text(from.lowerBound)], binding: "from=\(from.lowerBound)") }
        if let to { add("r.span_start <= ?", [.text(to.upperBound)], binding: "to=\(to.upperBound)") }
    }

    /// The conditions as ` AND …` clauses, leaving out the one at `skipping`, and their arguments.
    func sql(skipping: Int? = nil) -> (String, [StatementArgument]) {
        var text = ""
        var arguments: [StatementArgument] = []
        for (offset, condition) in conditions.enumerated() where offset != skipping {
            text += " AND " + condition.sql
            arguments += condition.arguments
        }
        return (text, arguments)
    }

    /// The condition whose driver should select the records (the first that has one).
    var driverIndex: Int? { conditions.firstIndex { $0.driver != nil } }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// Records of `collection` with a reference through `field` to any of `ids` (in one of
    /// `roles`, when given): a per-row `EXISTS` on `refs_by_target`, and the same index as driver.
    mutating func addReference(
        in collection: String, field: String, ids: [String], roles: [String] = [], binding: String
    ) {
        let role = roles.isEmpty ? "" : " AND f.role IN (\(Self.placeholders(roles.count)))"
        let match = "f.field = ? AND f.target IN (\(Self.placeholders(ids.count)))\(role)"
        let arguments = [.text(field)] + (ids + roles).map(StatementArgument.text)
        add(
            "EXISTS (SELECT 1 FROM refs f WHERE f.collection = r.collection AND \(match) AND f.id = r.id)", arguments,
            binding: binding,
            driver: (
                "SELECT DISTINCT f.id AS id FROM refs f WHERE f.collection = ? AND \(match)",
                [.text(collection)] + arguments
            ))
    }

    /// Records of `collection` whose attribute `field` is any of `values`, both ways (`attrs_by_value`).
    mutating func addAttribute(in collection: String, field: String, values: [String], binding: String) {
        let match = "a.field = ? AND a.value IN (\(Self.placeholders(values.count)))"
        let arguments = [.text(field)] + values.map(StatementArgument.text)
        add(
            "EXISTS (SELECT 1 FROM attrs a WHERE a.collection = r.collection AND \(match) AND a.id = r.id)", arguments,
            binding: binding,
            driver: (
                "SELECT DISTINCT a.id AS id FROM attrs a WHERE a.collection = ? AND \(match)",
                [.text(collection)] + arguments
            ))
    }
}

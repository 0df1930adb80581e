import Store

/// A list request's validated filters: the store conditions they become, and their canonical
/// text, which a cursor and the count cache are bound to.
struct ListSelection {
    private(set) var conditions: [RecordQuery.Condition] = []
    /// Canonical text of the filters, one entry per condition.
    private(set) var binding: [String] = []

    mutating func add(_ condition: RecordQuery.Condition, binding: String) {
        conditions.append(condition)
        self.binding.append(binding)
    }

    /// `from`/`to`: records whose span overlaps the range (a `to` before `from` is refused).
    /// Returns the range's bounds for queries that are not `RecordQuery`s (the timeline).
    @discardableResult
    mutating func addDateRange(_ query: QueryParameters, validation: inout ParameterValidation) -> (
        from: String?, to: String?
    ) {
        let from = validation.date(query, .from)
        let to = validation.date(query, .to)
        if let from, let to, to.upperBound < from.lowerBound {
            validation.add("to", .invalidRange, "must not be before from (\(from.text))")
        }
        if let from { add(.endsOnOrAfter(from.lowerBound), binding: "from=\(from.lowerBound)") }
        if let to { add(.startsOnOrBefore(to.upperBound), binding: "to=\(to.upperBound)") }
        return (from?.lowerBound, to?.upperBound)
    }
}

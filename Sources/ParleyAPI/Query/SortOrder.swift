import Store

/// `sort=-date,title`: parsed into the store's `RecordOrder` over the collection's whitelisted
/// keys (`SortKeys`, declared beside their indexes), each ascending or descending.
enum SortOrder {
    /// The keys a collection may be sorted by.
    static func keys(for spec: CollectionSpec) -> [SortKey] { SortKeys.keys(for: spec) }

    /// Chronological where records have dates, else by title or name.
    static func defaultOrder(for spec: CollectionSpec) -> RecordOrder {
        let keys = keys(for: spec)
        let name = spec.spanFields != nil ? "date" : spec.titleField
        return RecordOrder(terms: [.init(key: keys.first { $0.name == name } ?? keys[0], descending: false)])
    }

    /// Parses `sort`, reporting an unknown key with the allowed list.
    static func parse(_ text: String?, spec: CollectionSpec, validation: inout ParameterValidation) -> RecordOrder {
        guard let text else { return defaultOrder(for: spec) }
        let available = keys(for: spec)
        var terms: [RecordOrder.Term] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let descending = piece.hasPrefix("-")
            let name = String(descending ? piece.dropFirst() : piece)
            guard let key = available.first(where: { $0.name == name }) else {
                validation.add(
                    "sort", .unknownKey,
                    "unknown sort key '\(name)'; allowed: \(available.map(\.name).joined(separator: ", ")) (prefix - for descending)"
                )
                return defaultOrder(for: spec)
            }
            // A key already sorted by (under this name or an alias of the same column) decides
            // nothing more: it is dropped rather than refused, so `sort=date,-date` is `sort=date`.
            guard !terms.contains(where: { $0.key.column == key.column }) else { continue }
            terms.append(.init(key: key, descending: descending))
        }
        return RecordOrder(terms: terms)
    }
}

/// What the store indexes about a record beyond its JSON: the columns lists sort and filter on,
/// exact-match attributes, the text the search index holds, and the names it may be called by.
struct RecordFacts {
    /// `kind` (or a resolution's `status`), for filtering and sorting.
    var kind: String?
    /// `number` or `round`, for sorting.
    var number: Int?
    /// First and last day the record is in force, for `as_of` (nil end: still in force).
    var validFrom: String?
    var validTo: String?
    /// (filter name, value) pairs for the filters that look values up in `attrs` (`FilterSpec`).
    var attributes: [(String, String)] = []
    var searchTitle: String
    var searchAliases: String
    var searchBody: String
    /// Names (title and aliases) by which filters and searches may refer to the record: folded for
    /// lookup, and as spelled, for expanding a search to every spelling.
    var names: [(folded: String, spelling: String)]

    init(_ record: DatasetRecord, spec: CollectionSpec) {
        let value = record.value
        kind = (value["kind"] ?? value["status"])?.stringValue
        number = (value["number"] ?? value["round"])?.intValue

        func lower(_ field: String) -> String? { value[field]?.stringValue.flatMap(PartialDate.init)?.lowerBound }
        func upper(_ field: String) -> String? { value[field]?.stringValue.flatMap(PartialDate.init)?.upperBound }
        switch spec.name {
        case "documents":
            // Texts that bind (agreements, memoranda, communiqués…) are in force from their date
            // unless they say otherwise; statements, letters and reports are never "in force".
            let binding = ["agreement", "memorandum", "communique", "declaration", "plan"].contains(
                value["kind"]?.stringValue ?? "")
            validFrom = lower("valid_from") ?? (binding ? lower("date") : nil)
            validTo = upper("valid_to")
        case "task-forces":
            validFrom = lower("valid_from") ?? lower("established_date")
            validTo = upper("valid_to")
        case "zones":
            validFrom = lower("valid_from")
            validTo = upper("valid_to")
        default:
            break
        }

        // What each filter of the collection looks up, under the filter's name.
        for filter in spec.allFilters {
            for text in filter.attributes(of: value) { attributes.append((filter.name, text)) }
        }

        let title = value[spec.titleField]?.stringValue ?? record.id
        let aliases =
            (value["aliases"]?.arrayValue ?? []).compactMap(\.stringValue)
            + [value["name"]?.stringValue].compactMap { $0 }
        searchTitle = title
        searchAliases = aliases.joined(separator: " | ")
        var body: [String] = [value["summary"]?.stringValue ?? ""]
        for field in ["provisions", "mandate", "areas"] {
            body += (value[field]?.arrayValue ?? []).compactMap(\.stringValue)
        }
        body += record.citations.compactMap(\.quote)
        searchBody = body.joined(separator: "\n")
        var seen = Set<String>()
        names = ([title] + aliases).compactMap { spelling in
            let folded = TextFolding.fold(spelling)
            guard !folded.isEmpty, seen.insert(spelling).inserted else { return nil }
            return (folded, spelling)
        }
    }
}

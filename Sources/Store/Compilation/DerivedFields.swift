/// Fields the contract shows on records that are computed from the dataset rather than edited by
/// hand: a process's `talks_count` and a source's `citations_count`. They are appended to the
/// stored JSON at build time, so responses need no extra query.
struct DerivedFields {
    private var talksPerProcess: [String: Int] = [:]
    private var citationsPerSource: [String: Int] = [:]

    /// Whether to add the counts at all (synthetic stores leave them out rather than guess).
    private var enabled = true

    /// No derived fields: records are stored exactly as generated.
    static let none = DerivedFields()

    private init() {
        enabled = false
    }

    init(_ dataset: Dataset) {
        for talk in dataset.records(in: "talks") {
            if let process = talk.value["process"]?.stringValue { talksPerProcess[process, default: 0] += 1 }
        }
        for record in dataset.records.values.joined() {
            for citation in record.citations { citationsPerSource[citation.source, default: 0] += 1 }
        }
    }

    func apply(to record: DatasetRecord) -> JSONValue {
        guard enabled, case .object(var members) = record.value else { return record.value }
        let index = members.firstIndex { $0.key == "summary" } ?? members.count
        switch record.collection {
        case "processes":
            members.insert(.init("talks_count", .number(String(talksPerProcess[record.id] ?? 0))), at: index)
        case "sources":
            members.insert(.init("citations_count", .number(String(citationsPerSource[record.id] ?? 0))), at: index)
        default:
            return record.value
        }
        return .object(members)
    }
}

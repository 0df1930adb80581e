import FoundationEssentials

/// Why a record that a release had is gone, as the editors wrote it in
/// `Resources/releases/tombstones.json`. A record whose id only changed needs none: its new record
/// lists the old id in `previous_ids`. Every other record that leaves the dataset needs one, or
/// `parley build` refuses the dataset.
public struct Tombstone: Sendable, Equatable {
    public enum Reason: String, Sendable, CaseIterable {
        /// The same thing as another record, folded into it (which lists this id in `previous_ids`).
        case merged
        /// A second reading found that the cited lines do not support the record.
        case unsupported
    }

    public struct SourceLines: Sendable, Equatable {
        public let source: String
        public let from: Int
        public let to: Int
    }

    public let collection: String
    public let id: String
    public let reason: Reason
    /// For `merged`: the current record that holds what this one said.
    public let mergedInto: String?
    /// The editors' explanation, in their words.
    public let note: String
    /// The lines the decision rests on.
    public let sources: [SourceLines]

    public static let fileName = "tombstones.json"

    /// Reads the ledger (an absent file is an empty ledger).
    public static func readLedger(path: String) throws -> [Tombstone] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        func invalid(_ message: String) -> StoreError {
            StoreError(kind: .invalidDataset, message: "\(path): \(message)")
        }
        let value = try JSONParser.parse(file: path)
        guard let items = value.arrayValue else { throw invalid("is not a JSON array") }
        let reasons = Reason.allCases.map(\.rawValue).joined(separator: ", ")
        return try items.enumerated().map { index, item in
            guard let collection = item["collection"]?.stringValue, DatasetSchema.collection(named: collection) != nil,
                let id = item["id"]?.stringValue, !id.isEmpty
            else { throw invalid("item \(index) needs a known collection and an id") }
            guard let reason = item["reason"]?.stringValue.flatMap(Reason.init(rawValue:)) else {
                throw invalid("\(collection)/\(id) needs a reason: one of \(reasons)")
            }
            guard let note = item["note"]?.stringValue, !note.isEmpty else {
                throw invalid("\(collection)/\(id) needs a note saying why")
            }
            let mergedInto = item["merged_into"]?.stringValue
            if (reason == .merged) != (mergedInto != nil) {
                throw invalid("\(collection)/\(id): merged_into is given exactly when the reason is merged")
            }
            var sources: [SourceLines] = []
            for (position, citation) in (item["sources"]?.arrayValue ?? []).enumerated() {
                guard let source = citation["source"]?.stringValue, let lines = citation["lines"]?.arrayValue,
                    lines.count == 2, let from = lines[0].intValue, let to = lines[1].intValue, 1 <= from, from <= to
                else {
                    throw invalid("\(collection)/\(id).sources[\(position)] needs a source and lines [from, to]")
                }
                sources.append(SourceLines(source: source, from: from, to: to))
            }
            guard !sources.isEmpty else { throw invalid("\(collection)/\(id) needs the sources its reason rests on") }
            return Tombstone(
                collection: collection, id: id, reason: reason, mergedInto: mergedInto, note: note, sources: sources)
        }
    }
}

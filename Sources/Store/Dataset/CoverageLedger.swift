import FoundationEssentials

/// Which content lines of the corpus the dataset rests on, and why the others are left out.
///
/// Every non-blank line of every source document is either cited by some record (in `sources` or
/// in a conflict's values) or listed in `uncited.json` beside the collections with a one-line
/// reason ("commentary", "duplicate of line 412"). `parley check --coverage` fails on a line that
/// is neither, and on a ledger entry for a line that is cited after all, so the ledger stays true.
public struct CoverageLedger: Sendable {
    public static let fileName = "uncited.json"

    public struct Entry: Sendable, Equatable {
        public let source: String
        public let from: Int
        public let to: Int
        public let reason: String
    }

    public let entries: [Entry]

    /// Reads `uncited.json` from the dataset folder; a missing file is an empty ledger.
    public static func load(directory: String) throws -> CoverageLedger {
        let path = directory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { return CoverageLedger(entries: []) }
        let issue = { (message: String) in
            DatasetValidationError(issues: [DatasetIssue(collection: "uncited", message: message)])
        }
        guard let array = (try? JSONParser.parse([UInt8](data)))?.arrayValue else {
            throw issue("\(fileName) must be a JSON array of {\"source\", \"lines\": [from, to], \"reason\"}")
        }
        var entries: [Entry] = []
        for (index, element) in array.enumerated() {
            guard let source = element["source"]?.stringValue, let lines = element["lines"]?.arrayValue,
                lines.count == 2,
                let from = lines[0].intValue, let to = lines[1].intValue, from >= 1, from <= to,
                let reason = element["reason"]?.stringValue, !reason.trimmingWhitespace.isEmpty,
                element.objectMembers?.count == 3
            else {
                throw issue(
                    "\(fileName)[\(index)] must be {\"source\": id, \"lines\": [from, to], \"reason\": \"why no record cites it\"}"
                )
            }
            entries.append(Entry(source: source, from: from, to: to, reason: reason))
        }
        return CoverageLedger(entries: entries)
    }

    /// Coverage of one source document.
    public struct Report: Sendable {
        public let source: String
        public let file: String
        /// Non-blank lines.
        public let contentLines: Int
        public let cited: Int
        public let explained: Int
        /// Content lines neither cited nor explained.
        public let missing: [Int]
        /// Ledger lines that some record cites after all.
        public let stale: [Int]

        public var complete: Bool { missing.isEmpty && stale.isEmpty }
    }

    /// Compares the dataset's citations and this ledger with the corpus texts.
    public func reports(for dataset: Dataset, corpusDirectory: String) throws -> [Report] {
        var cited: [String: Set<Int>] = [:]
        for list in dataset.records.values {
            for record in list {
                for citation in record.citations {
                    cited[citation.source, default: []].formUnion(citation.from...citation.to)
                }
            }
        }
        var explained: [String: Set<Int>] = [:]
        for entry in entries { explained[entry.source, default: []].formUnion(entry.from...entry.to) }
        var unknown = Set(explained.keys)
        var reports: [Report] = []
        for source in dataset.records(in: "sources") {
            unknown.remove(source.id)
            guard let file = source.value["file"]?.stringValue,
                let data = FileManager.default.contents(atPath: corpusDirectory + "/" + file)
            else {
                throw DatasetValidationError(issues: [
                    DatasetIssue(
                        collection: "sources", recordID: source.id, message: "its file is not in \(corpusDirectory)")
                ])
            }
            let lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
            let content = lines.indices.filter { !lines[$0].trimmingWhitespace.isEmpty }.map { $0 + 1 }
            let citedHere = cited[source.id] ?? []
            let explainedHere = explained[source.id] ?? []
            reports.append(
                Report(
                    source: source.id, file: file, contentLines: content.count,
                    cited: content.filter { citedHere.contains($0) }.count,
                    explained: content.filter { explainedHere.contains($0) && !citedHere.contains($0) }.count,
                    missing: content.filter { !citedHere.contains($0) && !explainedHere.contains($0) },
                    stale: content.filter { citedHere.contains($0) && explainedHere.contains($0) }))
        }
        if let source = unknown.sorted().first {
            throw DatasetValidationError(issues: [
                DatasetIssue(
                    collection: "uncited", message: "\(CoverageLedger.fileName) names \(source), which is not a source")
            ])
        }
        return reports
    }
}

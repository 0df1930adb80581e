import FoundationEssentials

extension DatasetValidator {
    /// Every reference resolves, and every citation lies inside its source's lines.
    mutating func checkReferences() {
        var ids: [String: Set<String>] = [:]
        for (collection, list) in records { ids[collection] = Set(list.map(\.id)) }
        let lineCounts = Dictionary(
            uniqueKeysWithValues: (records["sources"] ?? []).compactMap { record in
                record.value["lines"]?.intValue.map { (record.id, $0) }
            })
        var problems: [DatasetIssue] = []
        for (collection, list) in records {
            for record in list {
                for reference in record.references {
                    let targets = reference.collection.split(separator: "|").map(String.init)
                    if !targets.contains(where: { ids[$0]?.contains(reference.id) ?? false }) {
                        problems.append(
                            DatasetIssue(
                                collection: collection, recordID: record.id, path: reference.field,
                                message: "no \(targets.joined(separator: " or ")) record has the id \(reference.id)"))
                    }
                }
                for citation in record.citations {
                    guard let count = lineCounts[citation.source] else { continue }
                    if citation.to > count {
                        problems.append(
                            DatasetIssue(
                                collection: collection, recordID: record.id, path: citation.path,
                                message:
                                    "cites lines \(citation.from)-\(citation.to) but \(citation.source) has \(count) lines"
                            ))
                    }
                }
            }
        }
        problems += previousIDProblems(ids: ids)
        issues.append(contentsOf: problems.sorted { $0.description < $1.description })
    }

    /// A previous id is a slug that no current record of the collection has and no other record
    /// claims: it must lead to exactly one record, or the 301 it answers would be ambiguous.
    private func previousIDProblems(ids: [String: Set<String>]) -> [DatasetIssue] {
        var problems: [DatasetIssue] = []
        for (collection, list) in records {
            var claimedBy: [String: String] = [:]
            for record in list {
                for (index, old) in (record.value["previous_ids"]?.arrayValue ?? []).compactMap(\.stringValue)
                    .enumerated()
                {
                    let path = "previous_ids[\(index)]"
                    if !Self.isSlug(old) {
                        problems.append(
                            DatasetIssue(
                                collection: collection, recordID: record.id, path: path, message: "\(old) is not a slug"
                            ))
                    } else if ids[collection]?.contains(old) ?? false {
                        problems.append(
                            DatasetIssue(
                                collection: collection, recordID: record.id, path: path,
                                message: "\(old) is the id of a current record of \(collection)"))
                    } else if let other = claimedBy.updateValue(record.id, forKey: old) {
                        problems.append(
                            DatasetIssue(
                                collection: collection, recordID: record.id, path: path,
                                message: "\(old) is also a previous id of \(other)"))
                    }
                }
            }
        }
        return problems
    }

    /// With the corpus at hand: each source file exists with the stated number of lines, and each
    /// quote appears (whitespace-normalised) within the lines it cites.
    mutating func checkCorpus(directory: String) {
        var texts: [String: [String]] = [:]
        for source in records["sources"] ?? [] {
            guard let file = source.value["file"]?.stringValue else { continue }
            let path = directory + "/" + file
            guard let data = FileManager.default.contents(atPath: path) else {
                issues.append(
                    DatasetIssue(
                        collection: "sources", recordID: source.id, path: "file",
                        message: "\(path) not found in the corpus"))
                continue
            }
            var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            if let stated = source.value["lines"]?.intValue, stated != lines.count {
                issues.append(
                    DatasetIssue(
                        collection: "sources", recordID: source.id, path: "lines",
                        message: "says \(stated) lines but \(file) has \(lines.count)"))
            }
            texts[source.id] = lines
        }
        for (collection, list) in records.sorted(by: { $0.key < $1.key }) {
            for record in list {
                for citation in record.citations {
                    guard let quote = citation.quote, let lines = texts[citation.source], citation.to <= lines.count
                    else { continue }
                    let cited = Self.normalised(lines[(citation.from - 1)..<citation.to].joined(separator: " "))
                    if !cited.contains(Self.normalised(quote)) {
                        issues.append(
                            DatasetIssue(
                                collection: collection, recordID: record.id, path: citation.path + ".quote",
                                message:
                                    "quote not found in \(citation.source) lines \(citation.from)-\(citation.to): \"\(quote.prefix(80))\""
                            ))
                    }
                }
            }
        }
    }

    /// Collapses runs of whitespace so line breaks and double spaces do not defeat a quote check.
    static func normalised(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

extension Dataset {
    /// The change feed from every release in `history` to this dataset, after `parley build`'s
    /// guards: a released version's content is unchanged, and every tombstone cites lines that
    /// exist in a current source.
    public func changeFeed(history: ReleaseHistory) throws -> ChangeFeed {
        try history.checkUnchanged(version: version, digests: digests)
        var previousIDs: [String: [String: String]] = [:]
        for (collection, list) in records {
            for record in list {
                for old in record.value["previous_ids"]?.arrayValue ?? [] {
                    if let old = old.stringValue { previousIDs[collection, default: [:]][old] = record.id }
                }
            }
        }
        let lineCounts = Dictionary(
            uniqueKeysWithValues: records(in: "sources").map { ($0.id, $0.value["lines"]?.intValue ?? 0) })
        var problems: [String] = []
        for tombstone in history.tombstones {
            for lines in tombstone.sources {
                guard let count = lineCounts[lines.source] else {
                    problems.append(
                        "\(tombstone.collection)/\(tombstone.id) cites \(lines.source), which no source has")
                    continue
                }
                if lines.to > count {
                    problems.append(
                        "\(tombstone.collection)/\(tombstone.id) cites \(lines.source) lines \(lines.from)-\(lines.to), past its \(count) lines"
                    )
                }
            }
        }
        guard problems.isEmpty else {
            throw StoreError(
                kind: .invalidDataset, message: "tombstones with bad citations: " + problems.joined(separator: "; "))
        }
        return try ChangeFeed(history: history, currentVersion: version, current: digests, previousIDs: previousIDs)
    }
}

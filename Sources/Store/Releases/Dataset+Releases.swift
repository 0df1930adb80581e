extension Dataset {
    /// Every record's content hashes (what a release manifest keeps), in manifest order. A valid
    /// record's canonical value is its file's object with the members reordered — the validator
    /// rejects unknown members and adds none — and the hashes sort members, so these equal the
    /// hashes of the files as written (`ReleaseManifest.digests(ofDatasetAt:)`; `parley build`
    /// compares the two whenever the dataset is a release).
    public var digests: [RecordDigest] {
        DatasetSchema.collections.flatMap { spec in
            records(in: spec.name).sorted { Array($0.id.utf8).lexicographicallyPrecedes(Array($1.id.utf8)) }
                .compactMap { RecordDigest(collection: spec.name, record: $0.value) }
        }
    }

    /// The change feed from every release in `history` to this dataset, after `parley build`'s
    /// guards: a released version's content is unchanged, and every tombstone cites lines that
    /// exist in a current source.
    public func changeFeed(history: ReleaseHistory) throws -> ChangeFeed {
        let digests = self.digests
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

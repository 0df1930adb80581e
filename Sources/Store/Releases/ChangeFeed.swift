/// One line of the change feed between a release and the current dataset.
public struct ChangeEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case added, changed, renamed, removed
    }

    public let kind: Kind
    public let collection: String
    /// The record's current id; for `removed`, the id it had.
    public let id: String
    /// For `renamed`: the id in the release.
    public let previousID: String?
    /// For `changed` and `renamed`: the top-level fields whose values differ (present in either), sorted.
    public let fields: [String]?
    /// For `removed`: why, and the release that removed it.
    public let tombstone: Tombstone?
    public let removedIn: String?
}

/// Computes what changed between each release and the current dataset, and checks that every
/// record a release had is accounted for: still there, renamed (its id in a current record's
/// `previous_ids`) or tombstoned. Entries come in a stable order: collection (schema order), id,
/// then kind.
public struct ChangeFeed: Sendable {
    /// Feed entries by the release they start from (every release, the current one included).
    public let entries: [String: [ChangeEntry]]
    /// Tombstones with the release that removed each record (the current version if none yet).
    public let removals: [(tombstone: Tombstone, removedIn: String)]

    /// - Parameters:
    ///   - previousIDs: collection → earlier id → current id, from the current records' `previous_ids`.
    public init(
        history: ReleaseHistory, currentVersion: String, current: [RecordDigest],
        previousIDs: [String: [String: String]]
    ) throws {
        let currentByKey = Dictionary(uniqueKeysWithValues: current.map { (Self.key($0.collection, $0.id), $0) })
        var problems: [String] = []
        var removals: [(Tombstone, String)] = []
        var tombstones: [String: (Tombstone, String)] = [:]
        for tombstone in history.tombstones {
            let key = Self.key(tombstone.collection, tombstone.id)
            if currentByKey[key] != nil {
                problems.append("\(key) has a tombstone but is in the dataset: remove one or the other")
                continue
            }
            // The first release after the last one that had it (or the current version).
            guard
                let last = history.releases.lastIndex(where: {
                    $0.records.contains { Self.key($0.collection, $0.id) == key }
                })
            else {
                problems.append("\(key) has a tombstone, but no release had it")
                continue
            }
            let removedIn = last + 1 < history.releases.count ? history.releases[last + 1].version : currentVersion
            if let target = tombstone.mergedInto,
                previousIDs[tombstone.collection]?[tombstone.id] != target
                    || currentByKey[Self.key(tombstone.collection, target)] == nil
            {
                problems.append(
                    "\(key) is merged into \(tombstone.collection)/\(target), which must exist and list \(tombstone.id) in previous_ids (so the old URL answers 301)"
                )
            }
            if tombstone.reason != .merged, previousIDs[tombstone.collection]?[tombstone.id] != nil {
                problems.append(
                    "\(key) is removed as \(tombstone.reason.rawValue) but a current record lists it in previous_ids")
            }
            tombstones[key] = (tombstone, removedIn)
            removals.append((tombstone, removedIn))
        }
        var entries: [String: [ChangeEntry]] = [:]
        for release in history.releases {
            entries[release.version] = Self.entries(
                from: release, currentByKey: currentByKey, current: current, previousIDs: previousIDs,
                tombstones: tombstones, problems: &problems)
        }
        guard problems.isEmpty else {
            throw StoreError(
                kind: .invalidDataset,
                message: "the releases do not account for the dataset (\(problems.count) problem(s)): "
                    + Array(Set(problems)).sorted().prefix(12).joined(separator: "; "))
        }
        self.entries = entries
        self.removals = removals
    }

    private static func key(_ collection: String, _ id: String) -> String { collection + "/" + id }

    private static func entries(
        from release: ReleaseManifest, currentByKey: [String: RecordDigest], current: [RecordDigest],
        previousIDs: [String: [String: String]], tombstones: [String: (Tombstone, String)], problems: inout [String]
    ) -> [ChangeEntry] {
        let releasedKeys = Set(release.records.map { key($0.collection, $0.id) })
        var renamedTo = Set<String>()
        var entries: [ChangeEntry] = []
        for old in release.records {
            let oldKey = key(old.collection, old.id)
            if let now = currentByKey[oldKey] {
                if now != old {
                    entries.append(
                        ChangeEntry(
                            kind: .changed, collection: old.collection, id: old.id, previousID: nil,
                            fields: old.changedFields(to: now), tombstone: nil, removedIn: nil))
                }
            } else if let (tombstone, removedIn) = tombstones[oldKey] {
                entries.append(
                    ChangeEntry(
                        kind: .removed, collection: old.collection, id: old.id, previousID: nil, fields: nil,
                        tombstone: tombstone, removedIn: removedIn))
            } else if let newID = previousIDs[old.collection]?[old.id],
                let now = currentByKey[key(old.collection, newID)],
                !releasedKeys.contains(key(old.collection, newID)),
                renamedTo.insert(key(old.collection, newID)).inserted
            {
                entries.append(
                    ChangeEntry(
                        kind: .renamed, collection: old.collection, id: newID, previousID: old.id,
                        fields: old.changedFields(to: now), tombstone: nil, removedIn: nil))
            } else if let newID = previousIDs[old.collection]?[old.id] {
                problems.append(
                    "\(oldKey) (release \(release.version)) is in the previous_ids of \(old.collection)/\(newID), which that release already had or another id was renamed to: a merge needs a tombstone with reason merged in \(Tombstone.fileName)"
                )
            } else {
                problems.append(
                    "\(oldKey) (release \(release.version)) is gone without a trace: list it in its new record's previous_ids, or add a tombstone (reason \(Tombstone.Reason.allCases.map(\.rawValue).joined(separator: " or "))) to \(Tombstone.fileName)"
                )
            }
        }
        for now in current where !releasedKeys.contains(key(now.collection, now.id)) {
            guard !renamedTo.contains(key(now.collection, now.id)) else { continue }
            entries.append(
                ChangeEntry(
                    kind: .added, collection: now.collection, id: now.id, previousID: nil, fields: nil, tombstone: nil,
                    removedIn: nil))
        }
        let order = Dictionary(uniqueKeysWithValues: DatasetSchema.collections.enumerated().map { ($1.name, $0) })
        let kinds = Dictionary(uniqueKeysWithValues: ChangeEntry.Kind.allCases.enumerated().map { ($1, $0) })
        return entries.sorted {
            let left = (order[$0.collection] ?? 0, $0.id, kinds[$0.kind] ?? 0)
            let right = (order[$1.collection] ?? 0, $1.id, kinds[$1.kind] ?? 0)
            return left < right
        }
    }
}

// The release history as the store keeps it (`ReleaseWriter`): the releases, read once when a
// store is opened, and a removed record's tombstone.

/// One release as the store keeps it.
public struct ReleaseRow: Sendable {
    public let version: String
    public let date: String
    public let commit: String?
    public let note: String?
    /// Records per collection, in collection order.
    public let counts: [(collection: String, records: Int)]
    /// The feed from this release to the dataset: entries by kind (`added`: 23, …).
    public let changes: [String: Int]
}

/// A removed record's tombstone as the store keeps it.
public struct TombstoneRow: Sendable {
    public let reason: String
    public let mergedInto: String?
    public let note: String
    /// A JSON array of `{source, lines}`.
    public let sourcesJSON: String
    public let removedIn: String
}

extension Database {
    /// Every release, oldest first.
    public func releases() throws -> [ReleaseRow] {
        let statement = try cachedStatement(
            literal: "SELECT version, date, commit_id, note, counts, changes FROM releases ORDER BY position")
        defer { statement.reset() }
        var rows: [ReleaseRow] = []
        while try statement.step() {
            // Both JSON objects were written by `ReleaseWriter`.
            let counts = (try? JSONParser.parse(statement.text(4) ?? "{}"))?.objectMembers ?? []
            let changes = (try? JSONParser.parse(statement.text(5) ?? "{}"))?.objectMembers ?? []
            rows.append(
                ReleaseRow(
                    version: statement.text(0) ?? "", date: statement.text(1) ?? "", commit: statement.text(2),
                    note: statement.text(3), counts: counts.map { ($0.key, $0.value.intValue ?? 0) },
                    changes: Dictionary(uniqueKeysWithValues: changes.map { ($0.key, $0.value.intValue ?? 0) })))
        }
        return rows
    }

    /// The tombstone of a record `collection/id` that a release had and this dataset lacks.
    public func tombstone(of id: String, in collection: String) throws -> TombstoneRow? {
        let statement = try cachedStatement(
            literal:
                "SELECT reason, merged_into, note, sources, removed_in FROM tombstones WHERE collection = ? AND id = ?")
        defer { statement.reset() }
        try statement.bind([.text(collection), .text(id)])
        guard try statement.step() else { return nil }
        return TombstoneRow(
            reason: statement.text(0) ?? "", mergedInto: statement.text(1), note: statement.text(2) ?? "",
            sourcesJSON: statement.text(3) ?? "[]", removedIn: statement.text(4) ?? "")
    }
}

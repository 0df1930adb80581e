/// Writes the release history and the change feed into a store being built: one `releases` row
/// per release (with its feed's size by kind, so listing releases counts nothing), one `changes`
/// row per feed entry (numbered in feed order, which is what cursors page by) and one `tombstones`
/// row per removed record.
struct ReleaseWriter {
    let db: Database

    func write(history: ReleaseHistory, feed: ChangeFeed) throws {
        let release = try db.prepare(
            "INSERT INTO releases (version, position, date, commit_id, note, counts, changes) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        for (position, manifest) in history.releases.enumerated() {
            var counts: [UInt8] = []
            JSONValue.object(manifest.counts.map { .init($0.0, .number(String($0.1))) }).write(to: &counts)
            let entries = feed.entries[manifest.version] ?? []
            var changes: [UInt8] = []
            JSONValue.object(
                ChangeEntry.Kind.allCases.map { kind in
                    .init(kind.rawValue, .number(String(entries.count { $0.kind == kind })))
                }
            ).write(to: &changes)
            try release.run([
                .text(manifest.version), .int(position), .text(manifest.date),
                manifest.commit.map(StatementArgument.text) ?? .null,
                manifest.note.map(StatementArgument.text) ?? .null,
                .text(String(decoding: counts, as: UTF8.self)), .text(String(decoding: changes, as: UTF8.self)),
            ])
        }
        let change = try db.prepare(
            """
            INSERT INTO changes (since, seq, kind, collection, id, previous_id, fields, removed_in)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (since, entries) in feed.entries {
            for (seq, entry) in entries.enumerated() {
                var fields: [UInt8] = []
                entry.fields.map { JSONValue.array($0.map(JSONValue.string)).write(to: &fields) }
                try change.run([
                    .text(since), .int(seq + 1), .text(entry.kind.rawValue), .text(entry.collection), .text(entry.id),
                    entry.previousID.map(StatementArgument.text) ?? .null,
                    entry.fields == nil ? .null : .text(String(decoding: fields, as: UTF8.self)),
                    entry.removedIn.map(StatementArgument.text) ?? .null,
                ])
            }
        }
        let tombstone = try db.prepare(
            """
            INSERT INTO tombstones (collection, id, reason, merged_into, note, sources, removed_in)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (entry, removedIn) in feed.removals {
            var sources: [UInt8] = []
            JSONValue.array(
                entry.sources.map {
                    .object([
                        .init("source", .string($0.source)),
                        .init("lines", .array([.number(String($0.from)), .number(String($0.to))])),
                    ])
                }
            ).write(to: &sources)
            try tombstone.run([
                .text(entry.collection), .text(entry.id), .text(entry.reason.rawValue),
                entry.mergedInto.map(StatementArgument.text) ?? .null, .text(entry.note),
                .text(String(decoding: sources, as: UTF8.self)), .text(removedIn),
            ])
        }
    }
}

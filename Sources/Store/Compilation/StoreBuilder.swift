import FoundationEssentials
import Glibc

/// Compiles a validated `Dataset` into a store file, atomically: everything is written to a
/// temporary file beside the target, verified, synced and only then renamed over it. A build that
/// fails at any point removes its temporary file, so no half-written store is ever left behind.
public enum StoreBuilder {
    /// Called between stages with a short description; throwing from it aborts the build (and is
    /// how tests prove that an interrupted build leaves nothing behind).
    public typealias Progress = (String) throws -> Void

    /// With `corpusDirectory`, the source texts are stored too (searchable passages and cited lines).
    /// With `releases`, the change feed from each release is built in too (and the build refuses
    /// a dataset the releases do not account for: see `Dataset.changeFeed`).
    public static func build(
        _ dataset: Dataset, releases: ReleaseHistory = .empty, to path: String, corpusDirectory: String? = nil,
        progress: Progress = { _ in }
    ) throws {
        let feed = try dataset.changeFeed(history: releases)
        try build(to: path, progress: progress) { temporary in
            try write(
                dataset, releases: (releases, feed), to: temporary, corpusDirectory: corpusDirectory, progress: progress
            )
        }
    }

    /// A store of `count` generated records per collection (`talks` of them in talks, when given;
    /// see `SyntheticRecords`), for benchmarks.
    public static func buildSynthetic(count: Int, talks: Int? = nil, to path: String, progress: Progress = { _ in })
        throws
    {
        try build(to: path, progress: progress) { temporary in
            let source = SyntheticRecords(count: count, talks: talks)
            let hash = SHA256.hex(
                Array("synthetic-\(count)-talks-\(source.talks)-schema-\(DatasetSchema.version)".utf8))
            let counts = DatasetSchema.collections.map { ($0.name, source.count(of: $0.recordType)) }
            try write(
                to: temporary, contentHash: hash, releasesDigest: "", counts: counts, corpus: false, progress: progress
            ) { db in
                let writer = try RecordWriter(db: db, derived: source.derivedFields, owners: [:])
                for spec in DatasetSchema.collections {
                    try progress("writing \(spec.name)")
                    try source.forEach(in: spec) { try writer.write($0, spec: spec) }
                }
            }
        }
    }

    /// Writes to a temporary file beside `path` with `body`, syncs and renames; cleans up on failure.
    private static func build(to path: String, progress: Progress, _ body: (String) throws -> Void) throws {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try body(temporary)
            try progress("syncing")
            try sync(temporary)
            guard rename(temporary, path) == 0 else {
                throw StoreError(
                    kind: .io,
                    message: "cannot move the new store into place at \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            unlink(temporary + "-journal")
            throw error
        }
    }

    private static func write(
        _ dataset: Dataset, releases: (history: ReleaseHistory, feed: ChangeFeed), to path: String,
        corpusDirectory: String?, progress: Progress
    ) throws {
        try write(
            to: path, contentHash: dataset.contentHash, releasesDigest: releases.history.digest, counts: dataset.counts,
            corpus: corpusDirectory != nil, progress: progress
        ) { db in
            try progress("writing the releases and the change feed")
            try ReleaseWriter(db: db).write(history: releases.history, feed: releases.feed)
            let writer = try RecordWriter(db: db, dataset: dataset)
            for spec in DatasetSchema.collections {
                try progress("writing \(spec.name)")
                for record in dataset.records(in: spec.name) { try writer.write(record, spec: spec) }
            }
            if let corpusDirectory {
                try progress("indexing the corpus")
                try writer.writeCorpus(directory: corpusDirectory, sources: dataset.records(in: "sources"))
            }
        }
    }

    /// Creates the tables, lets `fill` insert the records in one transaction, then indexes,
    /// records the meta data and verifies integrity and counts.
    private static func write(
        to path: String, contentHash: String, releasesDigest: String, counts: [(String, Int)], corpus: Bool,
        progress: Progress,
        fill: (Database) throws -> Void
    ) throws {
        let db = try Database(path: path, mode: .readWriteCreate)
        try db.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;")
        try progress("creating tables")
        try db.execute(StoreSchema.createStatements)
        try db.execute("BEGIN")
        try fill(db)
        try progress("indexing")
        try db.execute(StoreSchema.indexStatements)
        let meta = try db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)")
        let metadata: [(String, String)] =
            [
                ("schema_version", String(DatasetSchema.version)),
                ("layout", StoreSchema.layoutFingerprint),
                ("content_hash", contentHash),
                ("dataset_version", String(contentHash.prefix(12))),
                ("releases_digest", releasesDigest),
                ("built_at", Self.builtAt()),
                ("corpus_bundled", corpus ? "true" : "false"),
            ] + counts.map { ("count:" + $0.0, String($0.1)) }
        for (key, value) in metadata { try meta.run([.text(key), .text(value)]) }
        try db.execute("COMMIT")
        try db.execute("INSERT INTO search (search) VALUES ('optimize')")
        try progress("ranking common search words")
        try db.execute("BEGIN")
        try SearchImpacts.build(db)
        try db.execute("COMMIT; ANALYZE")

        try progress("verifying")
        guard try db.scalarText("PRAGMA integrity_check") == "ok" else {
            throw StoreError(kind: .invalidStore, message: "the new store failed SQLite's integrity check")
        }
        for (collection, expected) in counts {
            let stored = try db.scalarInt("SELECT count(*) FROM records WHERE collection = ?", [.text(collection)]) ?? 0
            guard stored == expected else {
                throw StoreError(
                    kind: .invalidStore, message: "the new store holds \(stored) \(collection), expected \(expected)")
            }
        }
    }

    /// Flushes the file to disk before the rename makes it visible.
    /// Now, as RFC 3339 UTC (`2026-12-04T16:11:10Z`), formatted with `gmtime_r` (no ICU formatter).
    static func builtAt() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func pad(_ value: Int32, _ width: Int = 2) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T"
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))Z"
    }

    private static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError(kind: .io, message: "cannot open \(path) to sync it") }
        defer { close(fd) }
        guard fsync(fd) == 0 else {
            throw StoreError(kind: .io, message: "fsync \(path) failed: \(String(cString: strerror(errno)))")
        }
    }
}

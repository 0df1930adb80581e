import Foundation
import Glibc

/// Compiles a validated `Dataset` into a store file, atomically: everything is written to a
/// temporary file beside the target, verified, synced and only then renamed over it. A build that
/// fails at any point removes its temporary file, so no half-written store is ever left behind.
public enum StoreBuilder {
    /// Called between stages with a short description; throwing from it aborts the build (and is
    /// how tests prove that an interrupted build leaves nothing behind).
    public typealias Progress = (String) throws -> Void

    public static func build(_ dataset: Dataset, to path: String, progress: Progress = { _ in }) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try write(dataset, to: temporary, progress: progress)
            try progress("syncing")
            try sync(temporary)
            guard rename(temporary, path) == 0 else {
                throw StoreError(kind: .io, message: "cannot move the new store into place at \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temporary)
            unlink(temporary + "-journal")
            throw error
        }
    }

    private static func write(_ dataset: Dataset, to path: String, progress: Progress) throws {
        let db = try Database(path: path, mode: .readWriteCreate)
        try db.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;")
        try progress("creating tables")
        try db.execute(StoreSchema.createStatements)
        try db.execute("BEGIN")
        let insertRecord = try db.prepare("INSERT INTO records (collection, id, sort_date, span_start, span_end, title, json) VALUES (?, ?, ?, ?, ?, ?, ?)")
        let insertRef = try db.prepare("INSERT INTO refs (collection, id, field, target_collection, target, role) VALUES (?, ?, ?, ?, ?, ?)")
        let insertCitation = try db.prepare("INSERT INTO citations (collection, id, source, line_from, line_to, quote, path) VALUES (?, ?, ?, ?, ?, ?, ?)")
        let derived = DerivedFields(dataset)
        var owners: [String: [String]] = [:]
        for (collection, list) in dataset.records { for record in list { owners[record.id, default: []].append(collection) } }

        for spec in DatasetSchema.collections {
            try progress("writing \(spec.name)")
            for record in dataset.records(in: spec.name) {
                var json: [UInt8] = []
                derived.apply(to: record).write(to: &json)
                try insertRecord.run([.text(spec.name), .text(record.id), .text(record.spanStart ?? StoreSchema.undatedSortKey),
                                      optional(record.spanStart), optional(record.spanEnd), .text(record.title),
                                      .text(String(decoding: json, as: UTF8.self))])
                for reference in record.references {
                    // Resolve "documents|resolutions" to the collection that actually holds the id.
                    let allowed = reference.collection.split(separator: "|").map(String.init)
                    let target = owners[reference.id]?.first { allowed.contains($0) } ?? allowed[0]
                    try insertRef.run([.text(spec.name), .text(record.id), .text(reference.field), .text(target),
                                       .text(reference.id), optional(reference.role)])
                }
                for citation in record.citations {
                    try insertCitation.run([.text(spec.name), .text(record.id), .text(citation.source), .int(citation.from),
                                            .int(citation.to), optional(citation.quote), .text(citation.path)])
                }
            }
        }
        try progress("indexing")
        try db.execute(StoreSchema.indexStatements)
        let meta = try db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)")
        let metadata: [(String, String)] = [
            ("schema_version", String(DatasetSchema.version)),
            ("content_hash", dataset.contentHash),
            ("dataset_version", dataset.version),
            ("built_at", ISO8601DateFormatter().string(from: Date())),
        ]
        for (key, value) in metadata { try meta.run([.text(key), .text(value)]) }
        try db.execute("COMMIT")
        try db.execute("ANALYZE")

        try progress("verifying")
        guard try db.scalarText("PRAGMA integrity_check") == "ok" else {
            throw StoreError(kind: .invalidStore, message: "the new store failed SQLite's integrity check")
        }
        for (collection, expected) in dataset.counts {
            let stored = try db.scalarInt("SELECT count(*) FROM records WHERE collection = ?", [.text(collection)]) ?? 0
            guard stored == expected else {
                throw StoreError(kind: .invalidStore, message: "the new store holds \(stored) \(collection), expected \(expected)")
            }
        }
    }

    private static func optional(_ text: String?) -> StatementArgument {
        text.map(StatementArgument.text) ?? .null
    }

    /// Flushes the file to disk before the rename makes it visible.
    private static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError(kind: .io, message: "cannot open \(path) to sync it") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StoreError(kind: .io, message: "fsync \(path) failed: \(String(cString: strerror(errno)))") }
    }
}

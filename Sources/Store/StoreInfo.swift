import FoundationEssentials
import Glibc

/// What a store file says about itself, read and verified when it is opened.
public struct StoreInfo: Sendable, Equatable {
    public let path: String
    public let schemaVersion: Int
    public let contentHash: String
    public let datasetVersion: String
    /// `ReleaseHistory.digest` of the releases built in ("" for none).
    public let releasesDigest: String
    public let builtAt: String
    /// Whether the corpus texts were built in (`parley build --corpus`).
    public let corpusBundled: Bool
    /// Records per collection, in the schema's collection order.
    public let counts: [String: Int]

    /// Stores up to this size get `PRAGMA quick_check` at every start (tens of milliseconds for the
    /// bundled dataset). Larger ones — synthetic benchmark stores run to gigabytes, and reading every
    /// page would put seconds on each start — were checked by `integrity_check` when built and are
    /// opened read-only; `parley check --db FILE` checks one on demand.
    public static let quickCheckLimit = 256 << 20

    /// Opens `path` read-only and checks that it is a complete Parley store of this schema
    /// version: a missing, truncated, corrupt or foreign file is refused with a one-line reason.
    /// `quickCheck`: nil checks pages when the file is at most `quickCheckLimit` bytes.
    public static func verify(path: String, quickCheck: Bool? = nil) throws -> StoreInfo {
        let db: Database
        do {
            db = try Database(path: path, mode: .readOnly)
            _ = try db.scalarInt("SELECT count(*) FROM sqlite_master")
        } catch let error as StoreError {
            throw StoreError(kind: .invalidStore, message: "\(path) is not a readable SQLite store (\(error.message))")
        }
        do {
            var status = stat()
            // stat(2), not FileManager's attributes: their `.size` type differs between Foundation
            // and FoundationEssentials, and a size read as 0 would silently run (or skip) checks.
            let size = stat(path, &status) == 0 ? Int(status.st_size) : 0
            // Always, and cheap: a store is exactly its pages. A truncated or half-copied file — the
            // usual way a good store goes bad after `parley build` proved it with
            // `integrity_check` and renamed it into place — fails here without reading any page.
            let pages = try db.scalarInt("PRAGMA page_count") ?? 0
            let pageSize = try db.scalarInt("PRAGMA page_size") ?? 0
            if size > 0, pages * pageSize != size {
                throw StoreError(
                    kind: .invalidStore,
                    message:
                        "\(path) is \(size) bytes but its header describes \(pages) pages of \(pageSize) (truncated or damaged); rebuild it with parley build"
                )
            }
            if quickCheck ?? (size <= quickCheckLimit), try db.scalarText("PRAGMA quick_check") != "ok" {
                throw StoreError(
                    kind: .invalidStore,
                    message: "\(path) is damaged (PRAGMA quick_check failed); rebuild it with parley build")
            }
            guard
                let version = try db.scalarText("SELECT value FROM meta WHERE key = 'schema_version'").flatMap(
                    Int.init),
                let hash = try db.scalarText("SELECT value FROM meta WHERE key = 'content_hash'"),
                let datasetVersion = try db.scalarText("SELECT value FROM meta WHERE key = 'dataset_version'"),
                let builtAt = try db.scalarText("SELECT value FROM meta WHERE key = 'built_at'")
            else {
                throw StoreError(
                    kind: .invalidStore,
                    message: "\(path) is not a Parley store (its meta table is missing or incomplete)")
            }
            guard version == DatasetSchema.version else {
                throw StoreError(
                    kind: .invalidStore,
                    message:
                        "\(path) has store schema version \(version), this parley needs \(DatasetSchema.version); rebuild it with parley build"
                )
            }
            guard try db.scalarText("SELECT value FROM meta WHERE key = 'layout'") == StoreSchema.layoutFingerprint
            else {
                throw StoreError(
                    kind: .invalidStore,
                    message:
                        "\(path) was built for other collection descriptions (fields, sort fields or filters); rebuild it with parley build"
                )
            }
            // Written by the builder (and checked against the table then), so start-up does not count a million rows.
            var counts: [String: Int] = [:]
            let statement = try db.prepare("SELECT substr(key, 7), value FROM meta WHERE key LIKE 'count:%'")
            while try statement.step() { counts[statement.text(0) ?? ""] = Int(statement.text(1) ?? "") ?? 0 }
            let corpus = try db.scalarText("SELECT value FROM meta WHERE key = 'corpus_bundled'") == "true"
            let releases = try db.scalarText("SELECT value FROM meta WHERE key = 'releases_digest'") ?? ""
            return StoreInfo(
                path: path, schemaVersion: version, contentHash: hash, datasetVersion: datasetVersion,
                releasesDigest: releases, builtAt: builtAt, corpusBundled: corpus, counts: counts)
        } catch let error as StoreError where error.kind != .invalidStore {
            throw StoreError(kind: .invalidStore, message: "\(path) is not a usable Parley store (\(error.message))")
        }
    }
}

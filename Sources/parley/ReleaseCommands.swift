import FoundationEssentials
import Glibc
import HTTPServer
import Store

/// The release side of the commands: where the history is read from, what `check` says of it,
/// and `parley release`, which writes a manifest.
extension Commands {
    /// `--releases DIR`, else the `releases` folder beside the dataset folder (absent: no releases).
    /// A folder named on the command line must exist: a mistyped path is an error, not an empty history.
    static func releases(_ options: Options, dataset directory: String) throws -> ReleaseHistory {
        if let explicit = options.string("releases") {
            var isDirectory = false
            guard FileManager.default.fileExists(atPath: explicit, isDirectory: &isDirectory), isDirectory
            else {
                throw UsageError(message: "--releases \(explicit) is not a folder (it holds <version>.json manifests)")
            }
            return try ReleaseHistory.load(directory: explicit)
        }
        return try ReleaseHistory.load(directory: ReleaseHistory.defaultDirectory(besideDataset: directory))
    }

    /// One line per release: its date and what the feed from it to this dataset holds.
    static func releaseSummary(_ history: ReleaseHistory, feed: ChangeFeed, version: String) -> String {
        guard !history.releases.isEmpty else { return "no releases (the change feed is empty)" }
        var lines = [
            "\(history.releases.count) release(s), \(history.tombstones.count) tombstone(s); the dataset "
                + (history.release(version) == nil ? "(\(version)) is not released yet" : "is release \(version)")
        ]
        for release in history.releases {
            let entries = feed.entries[release.version] ?? []
            let counts = ChangeEntry.Kind.allCases.map { kind in
                "\(entries.filter { $0.kind == kind }.count) \(kind.rawValue)"
            }
            lines.append("  since \(release.version) (\(release.date)): " + counts.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// `parley release`: the manifest of a dataset folder, on standard output or into `--out`.
    static func release(_ options: Options) throws -> Int32 {
        guard let date = options.string("date"), ReleaseManifest.isTimestamp(date) else {
            throw UsageError(
                message:
                    "release needs --date TIME: when it was first served, in RFC 3339 UTC like 2026-11-24T01:45:58Z")
        }
        let directory = try Locations.dataset(options.string("dataset"))
        let schema = try options.integer("schema", default: DatasetSchema.version, range: 1...DatasetSchema.version)
        let manifest = ReleaseManifest(
            version: String(try Dataset.contentHash(directory: directory, schema: schema).prefix(12)), date: date,
            commit: options.string("commit"), schema: schema, note: options.string("note"),
            records: try ReleaseManifest.digests(ofDatasetAt: directory))
        let text = manifest.fileText()
        if let out = options.string("out") {
            guard FileManager.default.createFile(atPath: out, contents: Data(text)) else {
                throw UsageError(message: "cannot write \(out)")
            }
            log("wrote \(out): release \(manifest.version) of \(date), \(manifest.records.count) records")
        } else {
            FileOutput.write(text, to: STDOUT_FILENO)
        }
        return 0
    }
}

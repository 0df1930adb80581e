import FoundationEssentials

/// The releases a dataset has had (`Resources/releases/<version>.json`, in date order) and the
/// tombstones of the records that left it (`tombstones.json`).
public struct ReleaseHistory: Sendable {
    public let releases: [ReleaseManifest]
    public let tombstones: [Tombstone]
    /// SHA-256 over the folder's file names and bytes ("" without releases): part of a store's
    /// identity, since the feed changes when a manifest or a tombstone does.
    public let digest: String

    public static let empty = ReleaseHistory(releases: [], tombstones: [], digest: "")

    public init(releases: [ReleaseManifest], tombstones: [Tombstone], digest: String) {
        self.releases = releases
        self.tombstones = tombstones
        self.digest = digest
    }

    /// The folder beside a dataset folder where its releases are kept (`Resources/releases`).
    public static func defaultDirectory(besideDataset dataset: String) -> String {
        let parent = dataset.hasSuffix("/") ? String(dataset.dropLast()) : dataset
        return (parent.lastIndex(of: "/").map { String(parent[..<$0]) } ?? ".") + "/releases"
    }

    /// Reads every manifest and the tombstones; an absent folder is an empty history.
    public static func load(directory: String) throws -> ReleaseHistory {
        let manager = FileManager.default
        var isDirectory = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory else { return .empty }
        let names = ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }
            .sorted()
        var hasher = SHA256()
        var releases: [ReleaseManifest] = []
        for name in names {
            let path = directory + "/" + name
            hasher.update(name)
            hasher.update([0])
            hasher.update(manager.contents(atPath: path).map { [UInt8]($0) } ?? [])
            hasher.update([0])
            guard name != Tombstone.fileName else { continue }
            let version = String(name.dropLast(5))
            guard ReleaseManifest.isVersion(version) else {
                throw StoreError(
                    kind: .invalidDataset,
                    message:
                        "\(path): a release manifest is named <version>.json (12 hex digits), or the file is \(Tombstone.fileName)"
                )
            }
            releases.append(try ReleaseManifest.read(path: path, expectedVersion: version))
        }
        guard !names.isEmpty else { return .empty }
        releases.sort { ($0.date, $0.version) < ($1.date, $1.version) }
        let tombstones = try Tombstone.readLedger(path: directory + "/" + Tombstone.fileName)
        return ReleaseHistory(releases: releases, tombstones: tombstones, digest: SHA256.hex(hasher.finalize()))
    }

    public func release(_ version: String) -> ReleaseManifest? { releases.first { $0.version == version } }

    /// `parley build`'s guard: a released version is immutable. When the dataset's version is that
    /// of a release, its records must be exactly the manifest's.
    public func checkUnchanged(version: String, digests: [RecordDigest]) throws {
        guard let release = release(version) else { return }
        let released = Dictionary(uniqueKeysWithValues: release.records.map { ($0.collection + "/" + $0.id, $0) })
        let current = Dictionary(uniqueKeysWithValues: digests.map { ($0.collection + "/" + $0.id, $0) })
        var differences: [String] = []
        for key in Set(released.keys).union(current.keys).sorted() {
            switch (released[key], current[key]) {
            case (let old?, let new?) where old != new:
                differences.append("\(key) (fields \(old.changedFields(to: new).joined(separator: ", ")))")
            case (nil, _): differences.append("\(key) (not in the release)")
            case (_, nil): differences.append("\(key) (missing)")
            default: break
            }
        }
        guard differences.isEmpty else {
            throw StoreError(
                kind: .invalidDataset,
                message:
                    "the dataset has version \(version), the version of the release of \(release.date), but its content differs from that release's manifest in \(differences.count) record(s): "
                    + differences.prefix(10).joined(separator: "; ")
                    + ". A released version cannot change; check Resources/releases/\(version).json against the dataset."
            )
        }
    }
}

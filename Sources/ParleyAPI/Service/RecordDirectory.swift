import Store

/// Which record ids exist, for checking path ids and filter values. A small collection (every one
/// of the bundled dataset) is held in memory: membership costs no query, and an error message can
/// list the allowed ids. A large one — synthetic benchmark stores hold a million records per
/// collection — is asked of the store by primary key instead, so start-up neither reads nor keeps
/// millions of ids.
struct RecordDirectory: Sendable {
    static let inMemoryLimit = 2_000

    private let small: [String: Set<String>]
    /// One id per collection, for examples on the index page.
    let sampleIDs: [String: String]

    init(database: Database, collections: [String]) throws {
        var small: [String: Set<String>] = [:]
        var samples: [String: String] = [:]
        for collection in collections {
            let ids = try database.recordIDs(in: collection, limit: Self.inMemoryLimit + 1)
            samples[collection] = ids.first
            if ids.count <= Self.inMemoryLimit { small[collection] = Set(ids) }
        }
        self.small = small
        self.sampleIDs = samples
    }

    /// Whether `collection` has a record `id`; large collections look it up in `database`.
    func contains(_ id: String, in collection: String, database: Database?) -> Bool {
        if let ids = small[collection] { return ids.contains(id) }
        return (try? database?.recordExists(id, in: collection)) == true
    }

    /// The current id of a record that had `id` in an earlier dataset version (its `previous_ids`),
    /// for the 301 an old id answers and for filters that still name it.
    func currentID(of id: String, in collection: String, database: Database?) -> String? {
        (try? database?.currentID(ofPrevious: id, in: collection)) ?? nil
    }

    /// Every id of a small collection, sorted; nil for a large one.
    func allIDs(of collection: String) -> [String]? {
        small[collection]?.sorted()
    }
}

import FoundationEssentials

/// One validated record: its canonical JSON plus what the store indexes about it.
public struct DatasetRecord: Sendable {
    public let collection: String
    public let id: String
    /// The record with members in canonical order.
    public let value: JSONValue
    public let title: String
    /// First and last day covered by the record's dates (nil when undated).
    public let spanStart: String?
    public let spanEnd: String?
    /// Every reference the record makes: (field path, target collection, target id, role).
    public let references: [RecordReference]
    public let citations: [Citation]
}

public struct RecordReference: Sendable, Equatable {
    public let field: String
    public let collection: String
    public let id: String
    /// A qualifier carried next to the reference (a participant's role).
    public let role: String?
}

public struct Citation: Sendable, Equatable {
    public let source: String
    public let from: Int
    public let to: Int
    public let quote: String?
    /// Where in the record the citation appears (`sources[0]`, `conflicts[1].values[0]`).
    public let path: String
}

/// The dataset as read from `Resources/dataset/`: every collection's records, validated.
public struct Dataset: Sendable {
    public let records: [String: [DatasetRecord]]
    /// SHA-256 over the schema version and each collection file's bytes.
    public let contentHash: String

    public var version: String { String(contentHash.prefix(12)) }

    public func records(in collection: String) -> [DatasetRecord] { records[collection] ?? [] }

    public var counts: [(String, Int)] {
        DatasetSchema.collections.map { ($0.name, records[$0.name]?.count ?? 0) }
    }

    /// Hashes the dataset files without parsing them: how `parley` decides whether its cached
    /// store is current. Unknown `.json` files are an error, so a misnamed file is not ignored.
    /// `schema`: the dataset schema number to hash with (an earlier one, to recompute the version a
    /// release was served under).
    public static func contentHash(directory: String, schema: Int = DatasetSchema.version) throws -> String {
        var hasher = SHA256()
        hasher.update("parley-dataset-schema-\(schema)\n")
        for (spec, bytes) in try readFiles(directory: directory) {
            hasher.update(spec.fileName)
            hasher.update([0])
            hasher.update(bytes ?? [])
            hasher.update([0])
        }
        return hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Reads and validates every collection file. With `corpusDirectory`, also checks that each
    /// source file exists with the stated line count and that every quote is in its cited lines.
    public static func load(directory: String, corpusDirectory: String? = nil) throws -> Dataset {
        let files = try readFiles(directory: directory)
        var validator = DatasetValidator()
        for (spec, bytes) in files {
            guard let bytes else { continue }
            validator.validateFile(spec: spec, bytes: bytes)
        }
        validator.checkReferences()
        if let corpusDirectory { validator.checkCorpus(directory: corpusDirectory) }
        guard validator.issues.isEmpty else { throw DatasetValidationError(issues: validator.issues) }
        return Dataset(records: validator.records, contentHash: try contentHash(directory: directory))
    }

    /// Each collection's file bytes (nil when the file is absent: an empty collection).
    static func readFiles(directory: String) throws -> [(CollectionSpec, [UInt8]?)] {
        let manager = FileManager.default
        var isDirectory = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory else {
            throw StoreError(kind: .io, message: "dataset folder \(directory) does not exist")
        }
        let known = Set(DatasetSchema.collections.map(\.fileName))
        let present = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
        // uncited.json is the editors' coverage ledger (`parley check --coverage`), not served data.
        for name in present.sorted()
        where name.hasSuffix(".json") && !known.contains(name) && name != CoverageLedger.fileName {
            throw StoreError(
                kind: .invalidDataset,
                message:
                    "\(directory)/\(name) is not a collection of the dataset (expected one of \(known.sorted().joined(separator: ", ")))"
            )
        }
        return try DatasetSchema.collections.map { spec in
            let path = directory + "/" + spec.fileName
            guard manager.fileExists(atPath: path) else { return (spec, nil) }
            guard let data = manager.contents(atPath: path) else {
                throw StoreError(kind: .io, message: "cannot read \(path)")
            }
            return (spec, [UInt8](data))
        }
    }
}

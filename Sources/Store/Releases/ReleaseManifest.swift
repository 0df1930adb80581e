import FoundationEssentials

/// One release — a dataset version that has been served — as kept in `Resources/releases/<version>.json`:
/// its version, when it was first served, the commit it was served from, and a `RecordDigest` of
/// every record. Enough to say what changed since, without a copy of the data.
public struct ReleaseManifest: Sendable {
    public let version: String
    /// When the release was first served, RFC 3339 UTC (`2026-11-24T01:45:58Z`).
    public let date: String
    /// The git commit whose `Resources/dataset` is this release (provenance; may be nil).
    public let commit: String?
    /// The dataset schema number its version was hashed with (`Dataset.contentHash`).
    public let schema: Int
    public let note: String?
    /// In collection order, then by id.
    public let records: [RecordDigest]

    public init(
        version: String, date: String, commit: String?, schema: Int, note: String?, records: [RecordDigest]
    ) {
        self.version = version
        self.date = date
        self.commit = commit
        self.schema = schema
        self.note = note
        self.records = records
    }

    /// Records per collection, in the schema's collection order (collections it lacks count 0).
    public var counts: [(String, Int)] {
        var byCollection: [String: Int] = [:]
        for record in records { byCollection[record.collection, default: 0] += 1 }
        return DatasetSchema.collections.map { ($0.name, byCollection[$0.name] ?? 0) }
    }

    /// The digests of the records in a dataset folder's files, as they are written there. Only
    /// the shape a manifest needs is checked (arrays of objects with string ids), so a dataset of
    /// an earlier schema — recreated from git history — can be described too.
    public static func digests(ofDatasetAt directory: String) throws -> [RecordDigest] {
        var digests: [RecordDigest] = []
        for (spec, bytes) in try Dataset.readFiles(directory: directory) {
            guard let bytes else { continue }
            let parsed: JSONValue
            do {
                parsed = try JSONParser.parse(bytes)
            } catch {
                throw StoreError(kind: .invalidDataset, message: "\(directory)/\(spec.fileName): \(error)")
            }
            guard let items = parsed.arrayValue else {
                throw StoreError(kind: .invalidDataset, message: "\(directory)/\(spec.fileName) is not a JSON array")
            }
            var collection: [RecordDigest] = []
            for (index, item) in items.enumerated() {
                guard let digest = RecordDigest(collection: spec.name, record: item) else {
                    throw StoreError(
                        kind: .invalidDataset,
                        message: "\(directory)/\(spec.fileName): item \(index) is not an object with a string id")
                }
                collection.append(digest)
            }
            digests += collection.sorted { Array($0.id.utf8).lexicographicallyPrecedes(Array($1.id.utf8)) }
        }
        return digests
    }

    /// Reads a manifest file; `expectedVersion` is the version its file name gives.
    public static func read(path: String, expectedVersion: String? = nil) throws -> ReleaseManifest {
        func invalid(_ message: String) -> StoreError {
            StoreError(kind: .invalidDataset, message: "release manifest \(path): \(message)")
        }
        let value = try JSONParser.parse(file: path)
        guard let version = value["version"]?.stringValue, ReleaseManifest.isVersion(version) else {
            throw invalid("needs a \"version\" of 12 lowercase hex digits")
        }
        if let expectedVersion, version != expectedVersion {
            throw invalid("says version \(version), but its file name says \(expectedVersion)")
        }
        guard let date = value["date"]?.stringValue, isTimestamp(date) else {
            throw invalid("needs a \"date\" in RFC 3339 UTC, like 2026-11-24T01:45:58Z")
        }
        guard let schema = value["schema"]?.intValue else { throw invalid("needs a \"schema\" number") }
        guard let items = value["records"]?.arrayValue else { throw invalid("needs a \"records\" array") }
        var records: [RecordDigest] = []
        var seen = Set<String>()
        for (index, item) in items.enumerated() {
            guard let collection = item["collection"]?.stringValue, DatasetSchema.collection(named: collection) != nil,
                let id = item["id"]?.stringValue, let hash = item["hash"]?.stringValue,
                let members = item["fields"]?.objectMembers
            else {
                throw invalid("records[\(index)] needs a known collection, an id, a hash and fields")
            }
            guard seen.insert(collection + "/" + id).inserted else {
                throw invalid("records[\(index)]: \(collection)/\(id) is listed twice")
            }
            var fields: [String: String] = [:]
            for member in members {
                guard let fieldHash = member.value.stringValue else {
                    throw invalid("records[\(index)].fields.\(member.key) is not a string")
                }
                fields[member.key] = fieldHash
            }
            records.append(RecordDigest(collection: collection, id: id, hash: hash, fields: fields))
        }
        return ReleaseManifest(
            version: version, date: date, commit: value["commit"]?.stringValue, schema: schema,
            note: value["note"]?.stringValue, records: records)
    }

    /// The manifest as a file: fixed member order, one record per line, so diffs stay readable.
    public func fileText() -> [UInt8] {
        var out: [UInt8] = []
        func line(_ key: String, _ value: JSONValue, last: Bool = false) {
            out += Array("  \"\(key)\": ".utf8)
            value.write(to: &out)
            out += Array((last ? "\n" : ",\n").utf8)
        }
        out += Array("{\n".utf8)
        line("version", .string(version))
        line("date", .string(date))
        line("commit", commit.map(JSONValue.string) ?? .null)
        line("schema", .number(String(schema)))
        line("note", note.map(JSONValue.string) ?? .null)
        line("hashes", .string(RecordDigest.scheme))
        line("counts", .object(counts.map { JSONValue.Member($0.0, .number(String($0.1))) }))
        out += Array("  \"records\": [\n".utf8)
        for (index, record) in records.enumerated() {
            let fields = record.fields.keys.sorted().map { JSONValue.Member($0, .string(record.fields[$0]!)) }
            let item = JSONValue.object([
                .init("collection", .string(record.collection)), .init("id", .string(record.id)),
                .init("hash", .string(record.hash)), .init("fields", .object(fields)),
            ])
            out += Array("    ".utf8)
            item.write(to: &out)
            out += Array((index == records.count - 1 ? "\n" : ",\n").utf8)
        }
        out += Array("  ]\n}\n".utf8)
        return out
    }

    static func isVersion(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, digits where digits belong.
    public static func isTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let shape = Array("0000-00-00T00:00:00Z".utf8)
        guard bytes.count == shape.count else { return false }
        return zip(bytes, shape).allSatisfy { byte, model in
            model == UInt8(ascii: "0") ? (48...57).contains(byte) : byte == model
        }
    }
}

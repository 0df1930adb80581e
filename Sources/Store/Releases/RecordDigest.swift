/// What a release manifest keeps of one record: a content hash of the whole record and one of
/// each top-level field, so two releases can be compared field by field without keeping either's
/// data. The hashes are over a canonical JSON text (object members sorted by key, no white space,
/// numbers as written, strings escaped as `JSONEscaping` does), so reordering members or
/// reformatting a file changes nothing, while any change of a value changes its field's hash.
///
/// Widths: 16 hex digits (64 bits) for a record, 8 (32 bits) for a field — a changed field goes
/// unnoticed with odds of one in four billion, and a manifest of 600 records stays near 150 KB.
public struct RecordDigest: Sendable, Equatable {
    public let collection: String
    public let id: String
    public let hash: String
    /// Field name → hash, for every top-level member but `id`.
    public let fields: [String: String]

    public static let recordHashLength = 16
    public static let fieldHashLength = 8
    /// The one-line description manifests carry, so a reader can recompute the hashes.
    public static let scheme =
        "sha-256 of canonical JSON (members sorted by key, no white space, numbers as written); "
        + "first 16 hex digits for a record, first 8 for each top-level field but id"

    public init(collection: String, id: String, hash: String, fields: [String: String]) {
        self.collection = collection
        self.id = id
        self.hash = hash
        self.fields = fields
    }

    /// The digest of one record as it stands in a dataset file (nil when it has no string `id`).
    public init?(collection: String, record: JSONValue) {
        guard let members = record.objectMembers, let id = record["id"]?.stringValue else { return nil }
        var fields: [String: String] = [:]
        for member in members where member.key != "id" {
            fields[member.key] = Self.hash(member.value, length: Self.fieldHashLength)
        }
        self.init(
            collection: collection, id: id, hash: Self.hash(record, length: Self.recordHashLength), fields: fields)
    }

    /// The fields whose values differ between `self` (older) and `newer`, present in either, sorted.
    public func changedFields(to newer: RecordDigest) -> [String] {
        Set(fields.keys).union(newer.fields.keys).filter { fields[$0] != newer.fields[$0] }.sorted()
    }

    static func hash(_ value: JSONValue, length: Int) -> String {
        var bytes: [UInt8] = []
        canonical(value, into: &bytes)
        return String(SHA256.hex(bytes).prefix(length))
    }

    /// The canonical text: like `JSONValue.write`, with object members in key order (by UTF-8 bytes).
    static func canonical(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                canonical(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = members.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONEscaping.appendQuoted(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                canonical(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        default:
            value.write(to: &out)
        }
    }
}

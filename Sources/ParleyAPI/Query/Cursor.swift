import Store

/// An opaque keyset cursor: the sort key of the last row served, bound to the query that made it.
///
/// The payload carries a fingerprint of the dataset version, the collection, the filters and the
/// sort, plus a check value, so a cursor from another query, another dataset or an edited string
/// is refused with a 400 instead of silently paging through something else.
struct Cursor: Equatable, Sendable {
    /// The sort-key values of the last row served, in sort order.
    let values: [String]
    /// The last row's tie-breaker (its id, or a row number).
    let id: String

    /// `binding` is the canonical description of the query (collection, filters, sort).
    func encode(binding: String) -> String {
        let payload = (["3", Self.fingerprint(binding), String(values.count)] + values + [id]).joined(
            separator: "\u{1F}")
        return Base64URL.encode(Array((payload + "\u{1F}" + Self.check(payload, binding)).utf8))
    }

    static func decode(_ text: String, binding: String) throws -> Cursor {
        let invalid = Problem.invalidParameter(
            "cursor", .foreignCursor, "is not a cursor issued by this API; use links.next from the previous page")
        guard let bytes = Base64URL.decode(text), let plain = String(validating: bytes, as: UTF8.self) else {
            throw invalid
        }
        let parts = plain.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        if let version = parts.first, ["1", "2"].contains(version) {
            throw Problem.invalidParameter(
                "cursor", .foreignCursor,
                "comes from an earlier version of this API (before the dataset was rebuilt); start again without cursor"
            )
        }
        guard parts.count >= 5, parts[0] == "3", let count = Int(parts[2]), count >= 0, parts.count == count + 5 else {
            throw invalid
        }
        let payload = parts.dropLast().joined(separator: "\u{1F}")
        guard check(payload, binding) == parts[parts.count - 1] else {
            if parts[1] != fingerprint(binding) {
                throw Problem.invalidParameter(
                    "cursor", .foreignCursor,
                    "belongs to a different query (other filters, sort or dataset version); start again without cursor")
            }
            throw invalid
        }
        return Cursor(values: Array(parts[3..<(3 + count)]), id: parts[3 + count])
    }

    // FNV-1a, not a cryptographic hash: the check catches edited and mismatched cursors; a
    // forged one could only page through public data that the query string can ask for anyway.
    private static func fingerprint(_ binding: String) -> String {
        String(FNV1a.hex(binding).prefix(8))
    }

    private static func check(_ payload: String, _ binding: String) -> String {
        String(FNV1a.hex(payload, binding).suffix(12))
    }
}

/// RFC 4648 §5 base64url without padding: safe in a query string as is.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let reverse: [UInt8: UInt32] = Dictionary(
        uniqueKeysWithValues: alphabet.enumerated().map { ($1, UInt32($0)) })

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * offset) }
            for position in 0...chunk.count { out.append(alphabet[Int((value >> (18 - 6 * position)) & 63)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let symbols = Array(text.utf8)
        guard symbols.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < symbols.count {
            let chunk = symbols[index..<min(index + 4, symbols.count)]
            var value: UInt32 = 0
            for (offset, symbol) in chunk.enumerated() {
                guard let digit = reverse[symbol] else { return nil }
                value |= digit << (18 - 6 * offset)
            }
            for position in 0..<(chunk.count - 1) { out.append(UInt8((value >> (16 - 8 * position)) & 255)) }
            index += 4
        }
        return out
    }
}

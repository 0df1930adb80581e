/// The decoded query string, in the order the client sent it.
struct QueryParameters: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    /// Parses `a=1&b=x%20y` (RFC 3986 percent-decoding, `+` as space as HTML forms send it).
    /// A repeated parameter is an error, not last-wins: a script that sends two `limit`s has a bug.
    init(query: String?) throws {
        guard let query, !query.isEmpty else { return }
        for piece in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(parts[0], parameter: String(parts[0]))
            let value = parts.count > 1 ? try Self.decode(parts[1], parameter: name) : ""
            if pairs.contains(where: { $0.name == name }) {
                throw Problem.invalidParameter(
                    name, .repeatedParameter,
                    "given more than once; send it once (lists are comma-separated: \(name)=a,b)")
            }
            pairs.append((name, value))
        }
    }

    subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    var names: [String] { pairs.map(\.name) }

    /// The query re-encoded with `name` set to `value` (or removed when nil), order kept.
    func replacing(_ name: String, with value: String?) -> String {
        var result = pairs.filter { $0.name != name }
        if let value { result.append((name, value)) }
        return result.map { Self.encode($0.name) + "=" + Self.encode($0.value) }.joined(separator: "&")
    }

    static func decode(_ text: Substring, parameter: String, plusAsSpace: Bool = true) throws -> String {
        // Byte scans, not Foundation's `contains`, which bridges through NSString on Linux.
        guard text.utf8.contains(UInt8(ascii: "%")) || (plusAsSpace && text.utf8.contains(UInt8(ascii: "+"))) else {
            return String(text)
        }
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "+") && plusAsSpace {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                let high = utf8.index(after: index)
                guard high < utf8.endIndex, utf8.index(after: high) < utf8.endIndex,
                    let value = UInt8(
                        String(decoding: [utf8[high], utf8[utf8.index(after: high)]], as: UTF8.self), radix: 16)
                else {
                    throw Problem.invalidParameter(parameter, .malformedEncoding, "contains a malformed percent-escape")
                }
                bytes.append(value)
                index = utf8.index(after: high)
            } else {
                bytes.append(byte)
            }
            index = utf8.index(after: index)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw Problem.invalidParameter(parameter, .malformedEncoding, "is not valid UTF-8 after percent-decoding")
        }
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw Problem.invalidParameter(parameter, .controlCharacter, "contains a control character")
        }
        return decoded
    }

    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~,:*".utf8)

    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return out
    }
}

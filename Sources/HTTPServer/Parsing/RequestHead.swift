/// A parsed request head: the request line and header fields.
///
/// It keeps one copy of the head's bytes and byte ranges into it, so parsing allocates once and
/// strings are made only for what the router actually asks for.
public struct RequestHead: Sendable, Equatable {
    /// The shape of the request target (RFC 9112 §3.2).
    public enum TargetForm: Sendable, Equatable {
        case origin, absolute, authority, asterisk
    }

    struct Field: Sendable, Equatable {
        var name: Range<Int>
        var value: Range<Int>
    }

    public let method: HTTPMethod
    /// Minor version of HTTP/1.x; `1.2` and above are treated as 1.1 (RFC 9112 §2.3).
    public let versionMinor: Int
    public let targetForm: TargetForm
    /// True when the connection may stay open after the response (version default + `Connection`).
    public let keepAlive: Bool
    let bytes: [UInt8]
    let targetRange: Range<Int>
    let pathRange: Range<Int>
    let queryRange: Range<Int>?
    let fields: [Field]

    init(
        method: HTTPMethod, versionMinor: Int, targetForm: TargetForm, keepAlive: Bool, bytes: [UInt8],
        targetRange: Range<Int>, pathRange: Range<Int>, queryRange: Range<Int>?, fields: [Field]
    ) {
        self.method = method
        self.versionMinor = versionMinor
        self.targetForm = targetForm
        self.keepAlive = keepAlive
        self.bytes = bytes
        self.targetRange = targetRange
        self.pathRange = pathRange
        self.queryRange = queryRange
        self.fields = fields
    }

    public var isHTTP10: Bool { versionMinor == 0 }

    /// The request target exactly as sent.
    public var target: String { string(targetRange) }

    /// The path, still percent-encoded; `/` for absolute-form targets without a path.
    public var path: String { pathRange.isEmpty ? "/" : string(pathRange) }

    /// The query without the `?`, still percent-encoded; nil when the target has none.
    public var query: String? { queryRange.map(string) }

    /// The first value of a header field, matched case-insensitively.
    public func value(of name: String) -> String? {
        for field in fields where matches(field.name, name) { return string(field.value) }
        return nil
    }

    /// Every value of a header field, in order.
    public func values(of name: String) -> [String] {
        fields.filter { matches($0.name, name) }.map { string($0.value) }
    }

    private func string(_ range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// Compared over both buffers in place (a `zip` of the two sequences costs several times more,
    /// and every response looks up five or six fields).
    private func matches(_ range: Range<Int>, _ name: String) -> Bool {
        guard range.count == name.utf8.count else { return false }
        var name = name
        return name.withUTF8 { wanted in
            bytes.withUnsafeBufferPointer { all in
                var index = 0
                while index < wanted.count {
                    if ASCII.lower(all[range.lowerBound + index]) != ASCII.lower(wanted[index]) { return false }
                    index += 1
                }
                return true
            }
        }
    }
}

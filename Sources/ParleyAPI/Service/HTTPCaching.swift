import FoundationEssentials
import HTTPServer

/// Strong validators and freshness for an immutable dataset.
///
/// The ETag is a function of the dataset version (with the release history's digest: see
/// `ServiceContext`) and the canonical request (path, query,
/// negotiated format and content coding) — not of the response bytes — so every replica built
/// from the same dataset issues the same ETag, and a matching `If-None-Match` is answered 304
/// before any query runs.
struct HTTPCaching: Sendable {
    let datasetVersion: String
    /// `Last-Modified`: when the store was built, as an IMF-fixdate.
    let lastModified: String

    static let cacheControl = "max-age=300"
    static let vary = "Accept, Accept-Encoding, Origin"

    /// The query's parameters in sorted order, so `a=1&b=2` and `b=2&a=1` share an ETag.
    static func canonicalQuery(_ query: String?) -> String {
        guard let query, query.utf8.contains(UInt8(ascii: "&")) else { return query ?? "" }
        return query.split(separator: "&").sorted().joined(separator: "&")
    }

    func etag(path: String, query: String?, format: String, coding: String) -> String {
        "\"\(datasetVersion)-\(FNV1a.hex(path, Self.canonicalQuery(query), format, coding))\""
    }

    /// RFC 9110 §13.1.3: with no `If-None-Match`, a date at or after `Last-Modified` means unchanged.
    func notModifiedSince(_ header: String) -> Bool {
        if header == lastModified { return true }
        guard let since = HTTPDate.parseIMFFixdate(header), let modified = HTTPDate.parseIMFFixdate(lastModified) else {
            return false
        }
        return since >= modified
    }

    /// RFC 9110 §13.1.2: `*` or any listed entity-tag, compared weakly (a `W/` prefix is ignored).
    static func matches(ifNoneMatch: String, etag: String) -> Bool {
        for candidate in ifNoneMatch.split(separator: ",") {
            var tag = candidate.trimmingWhitespace()
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            if tag == etag { return true }
        }
        return false
    }

    /// The headers every cacheable 200 and every 304 carry.
    func validatorHeaders(etag: String) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        appendValidatorHeaders(etag: etag, to: &headers)
        return headers
    }

    /// The same, appended in place (a 200 already has room for them: no array per request).
    func appendValidatorHeaders(etag: String, to headers: inout [(name: String, value: String)]) {
        headers.append(("ETag", etag))
        headers.append(("Last-Modified", lastModified))
        headers.append(("Cache-Control", Self.cacheControl))
        headers.append(("Vary", Self.vary))
    }
}

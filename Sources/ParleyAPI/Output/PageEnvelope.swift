import HTTPServer
import Store

/// The parts every paged JSON list shares: `meta` (total, limit, dataset and any extras),
/// `links` (self, next) and the `Link: rel="next"` header.
enum PageEnvelope {
    static func selfLink(_ request: RouteRequest) -> String {
        request.path + (request.http.query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
    }

    /// The next page's URL: this request with the cursor after `last` (nil on the last page).
    static func nextLink(_ request: RouteRequest, after last: Cursor?, more: Bool, binding: String) -> String? {
        guard more, let last else { return nil }
        return request.path + "?" + request.query.replacing("cursor", with: last.encode(binding: binding))
    }

    /// Opens `{"data": [`, writes up to `limit` rows (one more is read to learn whether a next page
    /// exists), and closes the array. `row` writes one item and returns its cursor position.
    static func writeRows(
        _ statement: Statement, limit: Int, into json: inout JSONWriter,
        row: (Statement, inout JSONWriter) throws -> Cursor
    ) throws -> (last: Cursor?, more: Bool) {
        json.beginObject()
        json.key("data")
        json.beginArray()
        var served = 0
        var last: Cursor?
        var more = false
        while try statement.step() {
            if served == limit { more = true; break }
            last = try row(statement, &json)
            served += 1
        }
        json.endArray()
        return (last, more)
    }

    /// The `"meta"` and `"links"` members every page ends with: total, any extras (search facets),
    /// limit, dataset and any trailing members (`fields`); self and next.
    static func writeMetaAndLinks(
        _ json: inout JSONWriter, total: Int, limit: Int, dataset: String, selfLink: String, next: String?,
        extraMeta: (inout JSONWriter) -> Void = { _ in }, trailingMeta: (inout JSONWriter) -> Void = { _ in }
    ) {
        json.objectMember("meta") { json in
            json.member("total", total)
            extraMeta(&json)
            json.member("limit", limit)
            json.member("dataset", dataset)
            trailingMeta(&json)
        }
        json.objectMember("links") { json in
            json.member("self", selfLink)
            json.member("next", next)
        }
    }

    /// Closes an open `{"data": [...` with `"meta"` and `"links"`, and builds the response.
    static func finish(
        _ json: inout JSONWriter, request: RouteRequest, total: Int, limit: Int, dataset: String, next: String?,
        extraMeta: (inout JSONWriter) -> Void = { _ in }
    ) -> HTTPResponse {
        writeMetaAndLinks(
            &json, total: total, limit: limit, dataset: dataset, selfLink: selfLink(request), next: next,
            extraMeta: extraMeta)
        json.endObject()
        var response = HTTPResponse.json(json)
        if let next { response.addHeader("Link", "<\(next)>; rel=\"next\"") }
        return response
    }
}

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

    /// Closes an open `{"data": [...` with `"meta"` and `"links"`, and builds the response.
    static func finish(
        _ json: inout JSONWriter, request: RouteRequest, total: Int, limit: Int, dataset: String, next: String?,
        extraMeta: (inout JSONWriter) -> Void = { _ in }
    ) -> HTTPResponse {
        json.objectMember("meta") { json in
            json.member("total", total)
            extraMeta(&json)
            json.member("limit", limit)
            json.member("dataset", dataset)
        }
        json.objectMember("links") { json in
            json.member("self", selfLink(request))
            json.member("next", next)
        }
        json.endObject()
        var response = HTTPResponse.json(json)
        if let next { response.addHeader("Link", "<\(next)>; rel=\"next\"") }
        return response
    }
}

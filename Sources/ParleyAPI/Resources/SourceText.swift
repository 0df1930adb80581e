import HTTPServer
import Store

/// `/v1/sources/{id}/text?lines=a-b`: the cited lines themselves, when the store was built with
/// `--corpus`; otherwise a 404 that says the texts are not bundled and how to bundle them.
enum SourceText {
    static let maxLines = 500

    static let parameters: [ParameterSpec] = [
        ParameterSpec(name: "lines", kind: .text, description: "Line range `from-to` (or one line), 1-based, at most \(maxLines) lines; default the whole text."),
    ]

    static let routes: [Route] = [
        Route("getSourceText", "/v1/sources/{id}/text", summary: "Lines of a source document (only in stores built with --corpus).",
              parameters: parameters, handler: text),
    ]

    static func text(_ request: RouteRequest, _ service: ParleyService) throws -> HTTPResponse {
        let source = request.pathParameters["id"] ?? ""
        guard service.context.records.contains(source, in: "sources", database: try service.db()) else {
            return try MovedRecord.answer(request, id: source, collection: "sources", service: service)
        }
        guard service.context.info.corpusBundled else {
            throw Problem(type: .textNotBundled, detail: "This store was built without the corpus texts; the citations still give file and lines. "
                          + "Rebuild with: parley build --corpus DIR --out FILE, and serve it with --db FILE.")
        }
        let db = try service.db()
        let total = try db.scalarInt("SELECT count(*) FROM source_lines WHERE source = ?", [.text(source)]) ?? 0
        var validation = ParameterValidation(context: service.context, errors: request.unknownParameters)
        var range = 1...max(1, min(total, maxLines))
        if let raw = request.query["lines"] {
            let parts = raw.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            if parts.count <= 2, let from = parts.first ?? nil, let to = parts.last ?? nil, from >= 1, from <= to, to <= total, to - from < maxLines {
                range = from...to
            } else {
                validation.add("lines", .outOfRange, "must be from-to (or one line number) within 1-\(total), at most \(maxLines) lines; got \(raw)")
            }
        }
        try validation.throwIfInvalid()
        let statement = try db.cachedStatement("SELECT line, text FROM source_lines WHERE source = ? AND line BETWEEN ? AND ? ORDER BY line")
        try statement.bind([.text(source), .int(range.lowerBound), .int(range.upperBound)])
        var json = JSONWriter(capacity: 16384)
        json.beginObject()
        json.objectMember("data") { json in
            json.member("source", source)
            json.arrayMember("lines") { json in
                json.int(range.lowerBound)
                json.int(range.upperBound)
            }
            json.member("total_lines", total)
            json.arrayMember("text") { json in
                while (try? statement.step()) == true {
                    json.beginObject()
                    json.member("line", statement.int(0))
                    json.member("text", statement.text(1))
                    json.endObject()
                }
            }
        }
        json.objectMember("meta") { $0.member("dataset", service.context.datasetVersion) }
        json.endObject()
        return .json(json)
    }
}

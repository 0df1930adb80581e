import HTTPServer
import Store

/// `/v1/sources/{id}/citations`: every record that cites a source, in line order, so a reader of
/// the document can see what Parley says about each passage.
enum Citations {
    static let routes: [Route] = [
        Route(
            "listSourceCitations", "/v1/sources/{id}/citations",
            summary: "Every record citing this source, in the order of the cited lines.",
            parameters: [.limit, .cursor], schema: EndpointSchemas.citations, handler: list)
    ]

    static func list(_ request: RouteRequest, _ context: HandlerContext) throws -> HTTPResponse {
        let source = request.pathParameters["id"] ?? ""
        guard context.records.contains(source, in: "sources", database: try context.db()) else {
            return try MovedRecord.answer(request, id: source, collection: "sources", context: context)
        }
        var validation = ParameterValidation(records: context.records, errors: request.unknownParameters)
        let limit = validation.integer(request.query, .limit)
        try validation.throwIfInvalid()
        let binding = "citations|\(source)|\(context.datasetVersion)"
        let cursor = try request.query["cursor"].map { try Cursor.decode($0, binding: binding) }

        let db = try context.db()
        let total = try db.citationCount(of: source)
        // Keyset on (line_from, rowid): the sort key is the line, the tie-breaker the rowid.
        var after: (line: Int, rowid: Int)?
        if let cursor, cursor.values.count == 1, let line = Int(cursor.values[0]), let rowid = Int(cursor.id) {
            after = (line, rowid)
        }
        let page = try db.citations(of: source, after: after, limit: limit + 1)

        var json = JSONWriter(capacity: 8192)
        let (last, more) = try PageEnvelope.writeRows(page, limit: limit, into: &json) { page, json in
            let collection = page.text(1) ?? ""
            let id = page.text(2) ?? ""
            json.beginObject()
            json.member("type", DatasetSchema.collection(named: collection)?.recordType ?? collection)
            json.member("id", id)
            json.member("title", page.text(7))
            json.member("url", "/v1/\(collection)/\(id)")
            json.arrayMember("lines") { json in
                json.int(page.int(3))
                json.int(page.int(4))
            }
            json.member("quote", page.isNull(5) ? nil : page.text(5))
            json.member("path", page.text(6))
            json.endObject()
            return Cursor(values: [String(page.int(3))], id: String(page.int(0)))
        }
        let next = PageEnvelope.nextLink(request, after: last, more: more, binding: binding)
        return PageEnvelope.finish(
            &json, request: request, total: total, limit: limit, dataset: context.datasetVersion, next: next)
    }
}

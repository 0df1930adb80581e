import Foundation
import HTTPServer
import Store

/// `/v1/search`: every collection (and, when bundled, the corpus passages) ranked by bm25, with
/// marked snippets and per-type counts.
enum Search {
    static let types = DatasetSchema.collections.map(\.recordType) + ["passage"]

    static let parameters: [ParameterSpec] = [
        ParameterSpec(name: "q", kind: .text, description: "The query: words, \"phrases\", prefix*, AND, OR, NOT, parentheses. Case and accents fold; "
                      + "names of actors, places and processes expand to every spelling (Nusra, ANF and Jabhat al-Nusra find the same records).",
                      required: true),
        ParameterSpec(name: "type", kind: .choice(types), description: "Only hits of these record types (comma-separated)."),
        .limit, .cursor,
    ]

    static let routes: [Route] = [
        Route("search", "/v1/search", summary: "Ranked full-text search across every collection.", parameters: parameters,
              schema: SchemaBuilder.list(of: SchemaBuilder.object([("type", .string("object")), ("properties", SchemaBuilder.object(
                  ["type", "id", "title", "snippet", "url"].map { ($0, SchemaBuilder.object([("type", .string("string"))])) }
                  + [("score", SchemaBuilder.object([("type", .string("number"))]))]))]),
                  meta: [("facets", SchemaBuilder.object([("type", .string("object"))]))]),
              handler: search),
    ]

    private static func collection(ofType type: String) -> String {
        type == "passage" ? "passages" : DatasetSchema.collection(recordType: type)?.name ?? type
    }

    static func search(_ request: RouteRequest, _ service: ParleyService) throws -> HTTPResponse {
        let db = try service.db()
        var validation = ParameterValidation(context: service.context, database: db, errors: request.unknownParameters)
        var fts = ""
        if let text = request.query["q"] {
            do { fts = try SearchExpression.fts(try SearchExpression.tokenize(text), database: db) } catch let problem as Problem {
                validation.add("q", problem.errors.first?.detail ?? problem.detail)
            }
        } else {
            validation.add("q", "is required: the words to search for, e.g. q=cessation of hostilities")
        }
        let types = validation.choices(request.query, parameters[1]) ?? []
        let limit = validation.integer(request.query, .limit)
        try validation.throwIfInvalid()

        let collections = types.map(collection(ofType:))
        let typeFilter = collections.isEmpty ? "" : " AND s.collection IN (\(FilterClauses.placeholders(collections.count)))"
        let binding = "search|\(fts)|\(types.joined(separator: ","))|\(service.context.datasetVersion)"
        var keyset = ""
        var arguments: [StatementArgument] = [.text(fts)] + collections.map(StatementArgument.text)
        if let text = request.query["cursor"] {
            let cursor = try Cursor.decode(text, binding: binding)
            guard cursor.values.count == 2, let score = Double(cursor.values[0]) else { throw Problem.invalidParameter("cursor", "is not a search cursor") }
            keyset = " WHERE (score, collection, id) > (?, ?, ?)"
            arguments += [.double(score), .text(cursor.values[1]), .text(cursor.id)]
        }
        arguments.append(.int(limit + 1))

        var facets: [(String, Int)] = []
        try SearchErrors.mapping {
            let statement = try db.cachedStatement("SELECT s.collection, count(*) FROM search s WHERE search MATCH ? GROUP BY s.collection ORDER BY s.collection")
            try statement.bind([.text(fts)])
            while try statement.step() { facets.append((statement.text(0) ?? "", statement.int(1))) }
        }
        let total = facets.filter { collections.isEmpty || collections.contains($0.0) }.reduce(0) { $0 + $1.1 }
        let page = try db.cachedStatement("""
            SELECT collection, id, title, snip, score FROM (
              SELECT s.collection AS collection, s.id AS id, s.title AS title,
                     snippet(search, -1, '<mark>', '</mark>', '…', 16) AS snip, bm25(search, 0, 0, 10.0, 5.0, 1.0) AS score
              FROM search s WHERE search MATCH ?\(typeFilter)
            )\(keyset) ORDER BY score, collection, id LIMIT ?
            """)
        try page.bind(arguments)

        var json = JSONWriter(capacity: 8192)
        let (last, more) = try SearchErrors.mapping {
            try PageEnvelope.writeRows(page, limit: limit, into: &json) { page, json in
            let collection = page.text(0) ?? ""
            let id = page.text(1) ?? ""
            json.beginObject()
            json.member("type", collection == "passages" ? "passage" : DatasetSchema.collection(named: collection)?.recordType ?? collection)
            json.member("id", id)
            json.member("title", page.text(2))
            json.member("snippet", page.text(3))
            json.key("score")
            json.double((-page.double(4) * 10_000).rounded() / 10_000)
            json.member("url", url(collection: collection, id: id))
            json.endObject()
            return Cursor(values: [String(format: "%.17g", page.double(4)), collection], id: id)
            }
        }
        let next = PageEnvelope.nextLink(request, after: last, more: more, binding: binding)
        return PageEnvelope.finish(&json, request: request, total: total, limit: limit, dataset: service.context.datasetVersion, next: next) { json in
            json.objectMember("facets") { json in
                json.objectMember("type") { json in
                    for (collection, count) in facets {
                        json.member(collection == "passages" ? "passage" : DatasetSchema.collection(named: collection)?.recordType ?? collection, count)
                    }
                }
            }
        }
    }

    static func url(collection: String, id: String) -> String {
        if collection == "passages", let colon = id.lastIndex(of: ":") {
            let line = id[id.index(after: colon)...]
            return "/v1/sources/\(id[..<colon])/text?lines=\(line)-\(line)"
        }
        return "/v1/\(collection)/\(id)"
    }
}

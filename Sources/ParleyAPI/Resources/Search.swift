import FoundationEssentials
import HTTPServer
import Store

/// `/v1/search`: every collection (and, when bundled, the corpus passages) ranked by bm25, with
/// marked snippets and per-type counts.
enum Search {
    static let types = DatasetSchema.collections.map(\.recordType) + ["passage"]

    static let parameters: [ParameterSpec] = [
        ParameterSpec(
            name: "q", kind: .text,
            description: "The query: words, \"phrases\", prefix*, AND, OR, NOT, parentheses. Case and accents fold; "
                + "names of actors, places and processes expand to every spelling (Nusra, ANF and Jabhat al-Nusra find the same records).",
            required: true),
        ParameterSpec(
            name: "type", kind: .choice(types), description: "Only hits of these record types (comma-separated)."),
        .limit, .cursor,
    ]

    static let routes: [Route] = [
        Route(
            "search", "/v1/search", summary: "Ranked full-text search across every collection.", parameters: parameters,
            schema: EndpointSchemas.search,
            handler: search)
    ]

    private static func collection(ofType type: String) -> String {
        type == "passage" ? "passages" : DatasetSchema.collection(recordType: type)?.name ?? type
    }

    static func search(_ request: RouteRequest, _ context: HandlerContext) throws -> HTTPResponse {
        let db = try context.db()
        var validation = ParameterValidation(records: context.records, database: db, errors: request.unknownParameters)
        var fts = ""
        if let text = request.query["q"], validation.checkText(text, "q") {
            do { fts = try SearchExpression.fts(try SearchExpression.tokenize(text), database: db) } catch let problem
                as Problem
            {
                validation.add(
                    "q", problem.errors.first?.code ?? .invalidSearch, problem.errors.first?.detail ?? problem.detail)
            }
        } else if request.query["q"] == nil {
            validation.add("q", .missing, "is required: the words to search for, e.g. q=cessation of hostilities")
        }
        let types = validation.choices(request.query, parameters[1]) ?? []
        let limit = validation.integer(request.query, .limit)
        try validation.throwIfInvalid()

        let collections = types.map(collection(ofType:))
        let binding = "search|\(fts)|\(types.joined(separator: ","))|\(context.datasetVersion)"
        var after: (score: Double, rowid: Int)?
        if let text = request.query["cursor"] {
            let cursor = try Cursor.decode(text, binding: binding)
            guard cursor.values.count == 2, let score = Double(cursor.values[0]), let rowid = Int(cursor.values[1])
            else {
                throw Problem.invalidParameter("cursor", .foreignCursor, "is not a search cursor")
            }
            after = (score, rowid)
        }
        let search = SearchQuery(fts: fts, collections: collections, after: after)
        let (facets, hits) = try SearchErrors.mapping {
            // Facets are counted once per query and loop: every page of a search reports them.
            (
                try context.counts.counts(for: "search|" + fts) { try search.facets(in: db) },
                try search.hits(limit + 1, in: db)
            )
        }
        let total = zip(SearchQuery.facetCollections, facets).filter {
            collections.isEmpty || collections.contains($0.0)
        }.reduce(0) { $0 + $1.1 }
        var json = JSONWriter(capacity: 8192)
        json.beginObject()
        json.key("data")
        json.beginArray()
        var last: Cursor?
        try SearchErrors.mapping {
            for ranked in hits.prefix(limit) {
                guard let (collection, id, title, snippet) = try search.record(of: ranked, in: db) else { continue }
                json.beginObject()
                json.member("type", recordType(of: collection))
                json.member("id", id)
                json.member("title", title)
                json.member("snippet", snippet)
                json.key("score")
                json.double((-ranked.score * 10_000).rounded() / 10_000)
                json.member("url", url(collection: collection, id: id))
                json.endObject()
                last = Cursor(values: [String(ranked.score), String(ranked.rowid)], id: id)
            }
        }
        json.endArray()
        let next = PageEnvelope.nextLink(request, after: last, more: hits.count > limit, binding: binding)
        return PageEnvelope.finish(
            &json, request: request, total: total, limit: limit, dataset: context.datasetVersion, next: next
        ) { json in
            json.objectMember("facets") { json in
                json.objectMember("type") { json in
                    for (collection, count) in zip(SearchQuery.facetCollections, facets) where count > 0 {
                        json.member(recordType(of: collection), count)
                    }
                }
            }
        }
    }

    private static func recordType(of collection: String) -> String {
        collection == "passages" ? "passage" : DatasetSchema.collection(named: collection)?.recordType ?? collection
    }

    static func url(collection: String, id: String) -> String {
        if collection == "passages", let colon = id.lastIndex(of: ":") {
            let line = id[id.index(after: colon)...]
            return "/v1/sources/\(id[..<colon])/text?lines=\(line)-\(line)"
        }
        return "/v1/\(collection)/\(id)"
    }
}

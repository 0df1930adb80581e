import HTTPServer
import Store

/// `/v1/timeline`: talks, resolutions, documents and events merged in date order, for the
/// frontend's timeline. Filters follow references: an actor or place matches any record naming it.
enum Timeline {
    static let types = ["talk", "resolution", "document", "event"]

    static let parameters: [ParameterSpec] = [
        ParameterSpec(name: "type", kind: .choice(types), description: "Only these record types (default: all four)."),
        ParameterSpec(
            name: "process", kind: .ids(collection: "processes"),
            description: "Talks of these processes and the records that refer to them or to their talks."),
        ParameterSpec(
            name: "actor", kind: .ids(collection: "actors"),
            description: "Records naming any of these actors in any field (ids or names)."),
        ParameterSpec(
            name: "place", kind: .ids(collection: "places"),
            description: "Records naming any of these places (ids or names)."),
        .from, .to, .limit, .cursor,
    ]

    static let routes: [Route] = [
        Route(
            "timeline", "/v1/timeline", summary: "Talks, resolutions, documents and events in date order.",
            parameters: parameters,
            schema: EndpointSchemas.timeline,
            handler: list)
    ]

    static func list(_ request: RouteRequest, _ service: ParleyService) throws -> HTTPResponse {
        let db = try service.db()
        var validation = ParameterValidation(context: service.context, database: db, errors: request.unknownParameters)
        let chosen = validation.choices(request.query, parameters[0]) ?? types
        let collections = chosen.compactMap { DatasetSchema.collection(recordType: $0)?.name }
        var clauses = FilterClauses()
        clauses.add(
            "r.collection IN (\(FilterClauses.placeholders(collections.count)))",
            collections.map(StatementArgument.text),
            binding: "types=\(chosen.joined(separator: ","))")
        if let processes = validation.ids(request.query, parameters[1], collection: "processes") {
            let list = FilterClauses.placeholders(processes.count)
            let ids = processes.map(StatementArgument.text)
            clauses.add(
                """
                EXISTS (SELECT 1 FROM refs f WHERE f.collection = r.collection AND f.id = r.id AND (
                  (f.target_collection = 'processes' AND f.target IN (\(list))) OR
                  (f.target_collection = 'talks' AND f.target IN (SELECT p.id FROM refs p WHERE p.collection = 'talks' AND p.field = 'process' AND p.target IN (\(list))))))
                """, ids + ids, binding: "process=\(processes.joined(separator: ","))")
        }
        for (index, collection) in [(2, "actors"), (3, "places")] {
            guard let ids = validation.ids(request.query, parameters[index], collection: collection) else { continue }
            clauses.add(
                "EXISTS (SELECT 1 FROM refs f WHERE f.collection = r.collection AND f.id = r.id AND f.target_collection = ? AND f.target IN (\(FilterClauses.placeholders(ids.count))))",
                [.text(collection)] + ids.map(StatementArgument.text),
                binding: "\(parameters[index].name)=\(ids.joined(separator: ","))")
        }
        clauses.addDateRange(request.query, validation: &validation)
        let limit = validation.integer(request.query, .limit)
        try validation.throwIfInvalid()

        let binding = (["timeline"] + clauses.binding + [service.context.datasetVersion]).joined(separator: "|")
        var page = clauses
        if let text = request.query["cursor"] {
            let cursor = try Cursor.decode(text, binding: binding)
            guard cursor.values.count == 2 else {
                throw Problem.invalidParameter("cursor", .foreignCursor, "is not a timeline cursor")
            }
            page.add(
                "(r.sort_date, r.collection, r.id) > (?, ?, ?)",
                [.text(cursor.values[0]), .text(cursor.values[1]), .text(cursor.id)], binding: "")
        }
        let (countWhere, countArguments) = clauses.sql()
        let total = try service.counts.counts(for: "timeline|" + binding) {
            let count = try db.cachedStatement("SELECT count(*) FROM records r WHERE 1" + countWhere)
            try count.bind(countArguments)
            return [try count.step() ? count.int(0) : 0]
        }[0]
        let (pageWhere, pageArguments) = page.sql()
        let statement = try db.cachedStatement(
            """
            SELECT r.collection, r.id, r.sort_date, r.title, r.json FROM records r WHERE 1\(pageWhere) ORDER BY r.sort_date, r.collection, r.id LIMIT ?
            """)
        try statement.bind(pageArguments + [.int(limit + 1)])

        var json = JSONWriter(capacity: 16384)
        let (last, more) = try PageEnvelope.writeRows(statement, limit: limit, into: &json) { statement, json in
            let collection = statement.text(0) ?? ""
            let id = statement.text(1) ?? ""
            let record = try JSONParser.parse(statement.text(4) ?? "{}")
            json.beginObject()
            json.member("type", DatasetSchema.collection(named: collection)?.recordType ?? collection)
            json.member("id", id)
            json.member("title", statement.text(3))
            // One shape for every type: the record's own date fields under common names.
            let members: [(String, JSONValue?)] = [
                ("date", record["date"] ?? record["start_date"]), ("end_date", record["end_date"]),
                ("date_precision", record["date_precision"]), ("kind", record["kind"] ?? record["status"]),
                ("process", record["process"]), ("summary", record["summary"]),
            ]
            for (name, value) in members {
                json.key(name)
                json.value(value ?? .null)
            }
            json.member("url", "/v1/\(collection)/\(id)")
            json.endObject()
            return Cursor(values: [statement.text(2) ?? "", collection], id: id)
        }
        let next = PageEnvelope.nextLink(request, after: last, more: more, binding: binding)
        return PageEnvelope.finish(
            &json, request: request, total: total, limit: limit, dataset: service.context.datasetVersion, next: next)
    }
}

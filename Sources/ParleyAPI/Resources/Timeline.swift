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

    static func list(_ request: RouteRequest, _ context: HandlerContext) throws -> HTTPResponse {
        let db = try context.db()
        var validation = ParameterValidation(records: context.records, database: db, errors: request.unknownParameters)
        let chosen = validation.choices(request.query, parameters[0]) ?? types
        let collections = chosen.compactMap { DatasetSchema.collection(recordType: $0)?.name }
        var timeline = TimelineQuery(collections: collections)
        var binding = ["types=\(chosen.joined(separator: ","))"]
        timeline.processes = validation.ids(request.query, parameters[1], collection: "processes")
        timeline.actors = validation.ids(request.query, parameters[2], collection: "actors")
        timeline.places = validation.ids(request.query, parameters[3], collection: "places")
        for (index, ids) in [(1, timeline.processes), (2, timeline.actors), (3, timeline.places)] {
            if let ids { binding.append("\(parameters[index].name)=\(ids.joined(separator: ","))") }
        }
        var dates = ListSelection()
        (timeline.endsOnOrAfter, timeline.startsOnOrBefore) = dates.addDateRange(request.query, validation: &validation)
        let limit = validation.integer(request.query, .limit)
        try validation.throwIfInvalid()

        let key = (["timeline"] + binding + dates.binding + [context.datasetVersion]).joined(separator: "|")
        let total = try context.counts.counts(for: "timeline|" + key) { [try db.count(timeline)] }[0]
        if let text = request.query["cursor"] {
            let cursor = try Cursor.decode(text, binding: key)
            guard cursor.values.count == 2 else {
                throw Problem.invalidParameter("cursor", .foreignCursor, "is not a timeline cursor")
            }
            timeline.after = (cursor.values[0], cursor.values[1], cursor.id)
        }
        let statement = try db.rows(timeline, limit: limit + 1)

        var json = JSONWriter(capacity: 16384)
        let (last, more) = try PageEnvelope.writeRows(statement, limit: limit, into: &json) { statement, json in
            let collection = statement.text(TimelineQuery.Column.collection) ?? ""
            let id = statement.text(TimelineQuery.Column.id) ?? ""
            let record = try JSONParser.parse(statement.text(TimelineQuery.Column.json) ?? "{}")
            json.beginObject()
            json.member("type", DatasetSchema.collection(named: collection)?.recordType ?? collection)
            json.member("id", id)
            json.member("title", statement.text(TimelineQuery.Column.title))
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
            return Cursor(values: [statement.text(TimelineQuery.Column.date) ?? "", collection], id: id)
        }
        let next = PageEnvelope.nextLink(request, after: last, more: more, binding: key)
        return PageEnvelope.finish(
            &json, request: request, total: total, limit: limit, dataset: context.datasetVersion, next: next)
    }
}

import HTTPServer
import Store

/// `/v1/changes?since=<release>`: every record added, changed, renamed or removed between a
/// release and the dataset served now, in feed order (collection, id, kind), paged by cursor —
/// what a script that keeps a copy needs to bring it up to date without pulling everything.
enum Changes {
    static let kinds = ChangeEntry.Kind.allCases.map(\.rawValue)

    static let parameters: [ParameterSpec] = [
        ParameterSpec(
            name: "since", kind: .formatted(pattern: "^[0-9a-f]{12}$"),
            description:
                "The release the client's copy is of (a dataset version from `/v1/releases`, or the current one: an empty "
                + "feed). Any other version is a 400 with code `unknown-reference` listing the releases.",
            required: true),
        ParameterSpec(
            name: "collection", kind: .choice(DatasetSchema.collections.map(\.name)),
            description: "Only changes to records of these collections."),
        ParameterSpec(name: "kind", kind: .choice(kinds), description: "Only these kinds of change."),
        .limit, .cursor,
    ]

    static let routes: [Route] = [
        Route(
            "listChanges", "/v1/changes",
            summary:
                "What changed between a release and the current dataset: added, changed (with the fields), renamed "
                + "(old id → new id) and removed records (with a tombstone saying why).",
            parameters: parameters, formats: [.json, .csv, .ndjson], schema: EndpointSchemas.changes, handler: list)
    ]

    static let csvColumns = [
        "kind", "collection", "id", "previous_id", "fields", "removed_in", "reason", "merged_into", "note", "sources",
        "url",
    ]

    static func list(_ request: RouteRequest, _ context: HandlerContext) throws -> HTTPResponse {
        let db = try context.db()
        let query = request.query
        var validation = ParameterValidation(records: context.records, database: db, errors: request.unknownParameters)
        let releases = context.releases
        var changes = ChangeQuery(since: "")
        if let since = query["since"] {
            // The version served now is where every feed ends, released or not: nothing changed since.
            if since == context.datasetVersion || releases.contains(where: { $0.version == since }) {
                changes.since = since
            } else {
                validation.add("since", .unknownReference, "\(since) is not a release; \(Releases.known(releases))")
            }
        } else {
            validation.add("since", .missing, "is required: the release your copy is of; \(Releases.known(releases))")
        }
        changes.collections = validation.choices(query, parameters[1])
        changes.kinds = validation.choices(query, parameters[2])
        let export = request.format != .json
        let limit: Int? = export && query["limit"] == nil ? nil : validation.integer(query, .limit)
        try validation.throwIfInvalid()

        var binding = ["changes", "since=\(changes.since)", context.dataset.releasesDigest, context.datasetVersion]
        if let collections = changes.collections { binding.append("collection=\(collections.joined(separator: ","))") }
        if let kinds = changes.kinds { binding.append("kind=\(kinds.joined(separator: ","))") }
        let key = binding.joined(separator: "|")
        let total = try context.counts.counts(for: key) { [try db.count(changes)] }[0]
        if let text = query["cursor"] {
            let cursor = try Cursor.decode(text, binding: key)
            guard cursor.values.count == 1, let seq = Int(cursor.values[0]) else {
                throw Problem.invalidParameter("cursor", .foreignCursor, "is not a change-feed cursor")
            }
            changes.after = seq
        }
        let statement = try db.rows(changes, limit: (limit ?? Int(Int32.max - 1)) + 1)
        var body: [UInt8] = []
        var json = JSONWriter(capacity: 16384)
        var last: Cursor?
        var more = false
        var served = 0
        if request.format == .csv { CSVTable.appendLine(csvColumns, to: &body) }
        if request.format == .json {
            json.beginObject()
            json.key("data")
            json.beginArray()
        }
        while try statement.step() {
            if let limit, served == limit {
                more = true
                break
            }
            switch request.format {
            case .csv: CSVTable.appendLine(csvCells(statement), to: &body)
            case .ndjson:
                var line = JSONWriter(capacity: 512)
                writeEntry(statement, to: &line)
                body += line.bytes
                body.append(10)
            default: writeEntry(statement, to: &json)
            }
            last = Cursor(values: [String(statement.int(ChangeQuery.Column.seq))], id: "")
            served += 1
        }
        let next = PageEnvelope.nextLink(request, after: last, more: more, binding: key)
        var response: HTTPResponse
        if request.format == .json {
            json.endArray()
            response = PageEnvelope.finish(
                &json, request: request, total: total, limit: limit ?? served, dataset: context.datasetVersion,
                next: next, extraMeta: { $0.member("since", changes.since) })
        } else {
            response = HTTPResponse(status: .ok, contentType: request.format.contentType, body: body)
            if let next { response.addHeader("Link", "<\(next)>; rel=\"next\"") }
        }
        response.addHeader("X-Total-Count", String(total))
        return response
    }

    /// One entry; every member is present in every entry (null where it does not apply).
    static func writeEntry(_ row: Statement, to json: inout JSONWriter) {
        typealias C = ChangeQuery.Column
        let collection = row.text(C.collection) ?? ""
        let id = row.text(C.id) ?? ""
        json.beginObject()
        json.member("kind", row.text(C.kind))
        json.member("collection", collection)
        json.member("id", id)
        json.member("previous_id", row.text(C.previousID))
        json.key("fields")
        if row.text(C.fields) == nil { json.null() } else { json.rawColumn(row, C.fields) }
        json.key("tombstone")
        if row.text(C.reason) != nil {
            json.beginObject()
            json.member("removed_in", row.text(C.removedIn))
            json.member("reason", row.text(C.reason))
            json.member("merged_into", row.text(C.mergedInto))
            json.member("note", row.text(C.note))
            json.key("sources")
            json.rawColumn(row, C.sources)
            json.endObject()
        } else {
            json.null()
        }
        json.member("url", "/v1/\(collection)/\(id)")
        json.endObject()
    }

    /// The same entry as CSV cells, in `csvColumns` order; lists joined with `; `.
    static func csvCells(_ row: Statement) -> [String] {
        typealias C = ChangeQuery.Column
        func list(_ column: Int32) -> String {
            guard let text = row.text(column), let value = try? JSONParser.parse(text) else { return "" }
            return CSVTable.text(value)
        }
        let collection = row.text(C.collection) ?? ""
        let id = row.text(C.id) ?? ""
        return [
            row.text(C.kind) ?? "", collection, id, row.text(C.previousID) ?? "", list(C.fields),
            row.text(C.removedIn) ?? "", row.text(C.reason) ?? "", row.text(C.mergedInto) ?? "", row.text(C.note) ?? "",
            (try? JSONParser.parse(row.text(C.sources) ?? "[]"))?.arrayValue?.map { source in
                "\(source["source"]?.stringValue ?? "") \(CSVTable.text(source["lines"] ?? .null))"
            }.joined(separator: "; ") ?? "",
            "/v1/\(collection)/\(id)",
        ]
    }
}

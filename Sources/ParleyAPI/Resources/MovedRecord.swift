import HTTPServer
import Store

/// What a path id that names no current record answers: 301 to the record's current id when the
/// record had that id in an earlier dataset version (`previous_ids`: renamed, or merged into
/// another), so scripts that kept an old URL keep working; 410 with the record's tombstone when a
/// release had it and it was removed; otherwise 404.
enum MovedRecord {
    /// The response for `/v1/<collection>/<id>[/…]` when no `collection` record has `id`.
    static func answer(_ request: RouteRequest, id: String, collection: String, context: HandlerContext) throws
        -> HTTPResponse
    {
        let db = try context.db()
        guard let current = context.records.currentID(of: id, in: collection, database: db) else {
            let type = DatasetSchema.collection(named: collection)?.recordType ?? collection
            if let tombstone = try db.tombstone(of: id, in: collection) {
                throw gone(id: id, collection: collection, type: type, tombstone: tombstone)
            }
            throw Problem(type: .notFound, detail: "No \(type) has the id \(id). GET /v1/\(collection) lists them.")
        }
        // The id is the fourth segment of every such path (/v1/<collection>/<id>…); the rest, a
        // sub-collection or format suffix and the query, is kept.
        var segments = request.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if segments.count > 3 { segments[3] = current }
        let location = segments.joined(separator: "/") + (request.http.query.map { "?" + $0 } ?? "")
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.member(
            "detail",
            "\(collection)/\(id) is now \(collection)/\(current): the record was renamed or merged into that one.")
        json.member("id", current)
        json.member("previous_id", id)
        json.member("location", location)
        json.objectMember("meta") { $0.member("dataset", context.datasetVersion) }
        json.endObject()
        return HTTPResponse(
            status: .movedPermanently, contentType: "application/json; charset=utf-8",
            headers: [("Location", location), ("Cache-Control", HTTPCaching.cacheControl)], body: json.bytes)
    }

    /// The 410 problem: the tombstone's members beside the standard ones.
    static func gone(id: String, collection: String, type: String, tombstone: TombstoneRow) -> Problem {
        let why = tombstone.reason == "unsupported" ? "the sources do not support it" : tombstone.reason
        var problem = Problem(
            type: .gone,
            detail:
                "The \(type) \(id) was removed in release \(tombstone.removedIn) (\(why)): \(tombstone.note)")
        problem.extensions = [
            .init("collection", .string(collection)), .init("id", .string(id)),
            .init("removed_in", .string(tombstone.removedIn)), .init("reason", .string(tombstone.reason)),
            .init("merged_into", tombstone.mergedInto.map(JSONValue.string) ?? .null),
            .init("note", .string(tombstone.note)),
            .init("sources", (try? JSONParser.parse(tombstone.sourcesJSON)) ?? .array([])),
        ]
        return problem
    }
}

import HTTPServer
import Store

/// `/v1/releases`: the dataset versions that have been served, oldest first, each with its date,
/// records per collection and what the change feed from it to the current dataset holds.
enum Releases {
    static let routes: [Route] = [
        Route(
            "listReleases", "/v1/releases",
            summary: "Every release (a dataset version that has been served): date, records per collection, and the "
                + "number of changes by kind from it to the current dataset.",
            schema: EndpointSchemas.releases, handler: list)
    ]

    /// "known releases: …" for a 400 about `since`.
    static func known(_ releases: [ReleaseRow]) -> String {
        guard !releases.isEmpty else { return "this dataset has no releases yet (GET /v1/releases)" }
        return "known releases: "
            + releases.map { "\($0.version) (\($0.date.prefix(10)))" }.joined(separator: ", ")
            + " (GET /v1/releases)"
    }

    static func list(_ request: RouteRequest, _ context: HandlerContext) throws -> HTTPResponse {
        let releases = context.releases
        var json = JSONWriter(capacity: 2048)
        json.beginObject()
        json.arrayMember("data") { json in
            for release in releases {
                json.beginObject()
                json.member("version", release.version)
                json.member("date", release.date)
                json.member("current", release.version == context.datasetVersion)
                json.member("commit", release.commit)
                json.member("note", release.note)
                json.member("records", release.counts.reduce(0) { $0 + $1.records })
                json.objectMember("counts") { json in
                    for (collection, records) in release.counts { json.member(collection, records) }
                }
                json.objectMember("changes_to_current") { json in
                    for kind in Changes.kinds { json.member(kind, release.changes[kind] ?? 0) }
                }
                json.member("changes", "/v1/changes?since=\(release.version)")
                json.endObject()
            }
        }
        json.objectMember("meta") { json in
            json.member("total", releases.count)
            json.member("dataset", context.datasetVersion)
            json.member("current_is_release", releases.contains { $0.version == context.datasetVersion })
        }
        json.endObject()
        return .json(json)
    }
}

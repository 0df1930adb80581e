import FoundationEssentials
/// The index at `/`: example links for every endpoint, and the HTML page a browser gets.
enum IndexPage {
    /// A working example URL for a route, using a real id from the dataset for path parameters;
    /// nil where the route cannot answer on this server (source texts in a store built without
    /// `--corpus`), so that every example shown is one that answers 200.
    static func example(for route: Route, context: HandlerContext) -> String? {
        if route.operationID == "getSourceText" && !context.dataset.corpusBundled { return nil }
        var path = route.pattern
        if path.contains("{slug}") { return path.replacing("{slug}", with: "invalid-parameter") }
        if path.contains("{id}") {
            let collection = route.segments.count > 2 ? route.segments[1] : .literal("")
            var id = "unknown"
            if case .literal(let name) = collection {
                let preferred = [
                    "talks": "astana-4", "processes": "astana", "actors": "staffan-de-mistura", "places": "aleppo",
                    "sources": "research-log-2016", "resolutions": "unsc-2254", "zones": "zone-idlib",
                ][name]
                id =
                    preferred.flatMap { context.records.contains($0, in: name, database: nil) ? $0 : nil } ?? context
                    .records.sampleIDs[name] ?? id
            }
            path = path.replacing("{id}", with: id)
        }
        switch route.operationID {
        case "listTalks": return path + "?process=astana&sort=-date&limit=5"
        case "search": return path + "?q=%22cessation%20of%20hostilities%22&limit=5"
        case "timeline": return path + "?from=2016-02&to=2016-03&limit=20"
        // Lines 1-2: every source has them (the shortest, the news report, has eleven).
        case "getSourceText": return path + "?lines=1-2"
        case "zonesGeoJSON": return path + "?as_of=2017-06-01"
        case "listChanges": return path + "?since=\(exampleRelease(context))&limit=5"
        default: return route.parameters.contains { $0.name == "limit" } ? path + "?limit=5" : path
        }
    }

    /// The latest release with a non-empty feed (the current version when there is none).
    static func exampleRelease(_ context: HandlerContext) -> String {
        context.releases.last { $0.changes.values.contains { $0 > 0 } }?.version ?? context.datasetVersion
    }

    static func html(_ entries: [(Route, String?)], dataset: String) -> [UInt8] {
        var page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Parley API</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}code{background:#f3f3f3;padding:0 .2em}
            td{padding:.3em .6em;vertical-align:top;border-bottom:1px solid #ddd}</style></head><body>
            <h1>Parley</h1>
            <p>An HTTP JSON API over the corpus of the Syria peace process; every record cites the corpus lines it rests on.
            Dataset <code>\(escape(dataset))</code>. The <a href="/openapi.json">OpenAPI document</a> describes every parameter.</p>
            <table><tr><th>endpoint</th><th>what</th><th>parameters</th></tr>

            """
        for (route, example) in entries {
            let pattern = "<code>\(escape(route.pattern))</code>"
            page +=
                "<tr><td>\(example.map { "<a href=\"\(escape($0))\">\(pattern)</a>" } ?? pattern)</td><td>\(escape(route.summary))</td>"
            page +=
                "<td>\(route.parameters.map { "<code>\(escape($0.name))</code>" }.joined(separator: " "))</td></tr>\n"
        }
        page += "</table></body></html>\n"
        return Array(page.utf8)
    }

    static func escape(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;")
            .replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
    }
}

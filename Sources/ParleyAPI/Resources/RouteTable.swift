import HTTPServer
import Store

/// Every endpoint, in one list: it drives routing, parameter validation and the index at `/`.
enum RouteTable {
    static let routes: [Route] =
        index + Health.routes + Meta.routes + CollectionCatalog.routes + CollectionCatalog.subCollectionRoutes
        + Citations.routes + SourceText.routes + Search.routes + Timeline.routes + GeoJSON.routes + Changes.routes
        + Releases.routes + Problems.routes
        + Metrics.routes + openAPI

    static let openAPI: [Route] = [
        Route("openapi", "/openapi.json", summary: "This OpenAPI 3.1 document.", schema: EndpointSchemas.openAPI) {
            _, context in
            var examples = Dictionary(
                uniqueKeysWithValues: DatasetSchema.collections.map { spec in
                    (
                        spec.name,
                        Array(
                            (context.records.allIDs(of: spec.name) ?? context.records.sampleIDs[
                                spec.name
                            ].map { [$0] } ?? []).prefix(3))
                    )
                })
            // Query parameters' examples are keyed "?name": `since` takes the releases.
            examples["?since"] = context.releases.map(\.version)
            return HTTPResponse(
                status: .ok, contentType: "application/json; charset=utf-8",
                body: OpenAPIDocument.json(datasetVersion: context.datasetVersion, exampleIDs: examples))
        }
    ]

    static let index: [Route] = [
        Route(
            "index", "/", summary: "Every endpoint with an example link (an HTML page for browsers).",
            formats: [.json, .html],
            schema: EndpointSchemas.index
        ) { request, context in
            let entries = RouteTable.routes.map { ($0, IndexPage.example(for: $0, context: context)) }
            if request.format == .html {
                return HTTPResponse(
                    status: .ok, contentType: ResponseFormat.html.contentType,
                    body: IndexPage.html(entries, dataset: context.datasetVersion))
            }
            var json = JSONWriter(capacity: 4096)
            json.beginObject()
            json.member("name", "Parley")
            json.member(
                "description",
                "An HTTP JSON API over the corpus of the Syria peace process, every record with its citations.")
            json.member("dataset", context.datasetVersion)
            json.member("openapi", "/openapi.json")
            json.arrayMember("endpoints") { json in
                for (route, example) in entries {
                    json.beginObject()
                    json.member("path", route.pattern)
                    json.member("summary", route.summary)
                    json.member("example", example)
                    if example == nil {
                        json.member(
                            "unavailable",
                            "This server was started without the corpus texts: serve with --corpus DIR to enable it.")
                    }
                    if !route.parameters.isEmpty {
                        json.arrayMember("parameters") { json in
                            for parameter in route.parameters { json.string(parameter.name) }
                        }
                    }
                    if route.formats.count > 1 {
                        json.arrayMember("formats") { json in
                            for format in route.formats { json.string(format.mediaType) }
                        }
                    }
                    json.endObject()
                }
            }
            json.endObject()
            return .json(json)
        }
    ]
}

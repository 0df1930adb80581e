import HTTPServer

/// Every endpoint, in one list: it drives routing, parameter validation and the index at `/`.
enum RouteTable {
    static let routes: [Route] = index + Health.routes + Meta.routes + CollectionCatalog.routes + CollectionCatalog.subCollectionRoutes
        + Citations.routes + SourceText.routes + Search.routes + Timeline.routes + GeoJSON.routes + Problems.routes

    static let index: [Route] = [
        Route("index", "/", summary: "Every endpoint, with links.") { _, service in
            var json = JSONWriter(capacity: 2048)
            json.beginObject()
            json.member("name", "Parley")
            json.member("description", "An HTTP JSON API over the corpus of the Syria peace process, every record with its citations.")
            json.member("dataset", service.context.datasetVersion)
            json.arrayMember("endpoints") { json in
                for route in RouteTable.routes {
                    json.beginObject()
                    json.member("path", route.pattern)
                    json.member("summary", route.summary)
                    if !route.parameters.isEmpty {
                        json.arrayMember("parameters") { json in
                            for parameter in route.parameters { json.string(parameter.name) }
                        }
                    }
                    json.endObject()
                }
            }
            json.endObject()
            return .json(json)
        },
    ]
}

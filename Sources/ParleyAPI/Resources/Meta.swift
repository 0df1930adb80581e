import HTTPServer
import Store

/// `/v1/meta`: which dataset is being served and what it holds.
enum Meta {
    static let routes: [Route] = [
        Route(
            "meta", "/v1/meta", summary: "Dataset version, build time, schema version and record counts.",
            schema: EndpointSchemas.meta
        ) { _, context in
            let info = context.dataset
            var json = JSONWriter(capacity: 1024)
            json.beginObject()
            json.objectMember("data") { json in
                json.member("dataset", info.datasetVersion)
                json.member("content_hash", info.contentHash)
                json.member("schema_version", info.schemaVersion)
                json.member("built_at", info.builtAt)
                json.member("corpus_bundled", info.corpusBundled)
                json.arrayMember("collections") { json in
                    for spec in DatasetSchema.collections {
                        json.beginObject()
                        json.member("name", spec.name)
                        json.member("count", info.counts[spec.name] ?? 0)
                        json.endObject()
                    }
                }
            }
            json.objectMember("meta") { $0.member("dataset", info.datasetVersion) }
            json.endObject()
            return .json(json)
        }
    ]
}

import HTTPServer

/// `/metrics`: the server's request, latency, byte and connection counters, this service's
/// store time, and the dataset as an info metric, in the Prometheus text format.
enum Metrics {
    static let storeQuerySeconds = "parley_store_query_seconds"

    static let routes: [Route] = [
        Route(
            "metrics", "/metrics",
            summary:
                "Prometheus metrics: requests by route, method and status; latency and store-time histograms; connections; bytes; dataset.",
            formats: [.prometheus], cacheable: false
        ) { _, context in
            var text = PrometheusText()
            let info = context.dataset
            text.family(
                "parley_dataset_info", "gauge",
                "The dataset this replica serves (1 per label set); replicas built from the same dataset agree.")
            text.sample(
                "parley_dataset_info",
                [
                    ("version", info.datasetVersion), ("schema", String(info.schemaVersion)),
                    ("built_at", info.builtAt), ("corpus", info.corpusBundled ? "true" : "false"),
                ], 1)
            text.family("parley_dataset_records", "gauge", "Records per collection in the store.")
            for (collection, count) in info.counts.sorted(by: { $0.key < $1.key }) {
                text.sample("parley_dataset_records", [("collection", collection)], Double(count))
            }
            text.family("parley_draining", "gauge", "1 while the server drains before shutdown.")
            text.sample("parley_draining", [], context.isDraining() ? 1 : 0)
            let cache = context.responseCache.snapshot
            text.family(
                "parley_response_cache_requests_total", "counter",
                "Requests to cacheable routes, by whether a kept answer served them.")
            text.sample("parley_response_cache_requests_total", [("result", "hit")], Double(cache.hits))
            text.sample("parley_response_cache_requests_total", [("result", "miss")], Double(cache.misses))
            text.family("parley_response_cache_bytes", "gauge", "Bytes the response caches of all loops hold.")
            text.sample("parley_response_cache_bytes", [], Double(cache.bytes))
            text.family("parley_response_cache_entries", "gauge", "Answers the response caches of all loops hold.")
            text.sample("parley_response_cache_entries", [], Double(cache.entries))
            text.family("parley_process_resident_memory_bytes", "gauge", "Resident set size.")
            text.sample("parley_process_resident_memory_bytes", [], Double(ProcessMemory.residentBytes()))
            let server =
                context.metrics?.render(help: [
                    storeQuerySeconds:
                        "SQLite time per request (statement steps), from the first row asked to the last."
                ]) ?? ""
            return HTTPResponse(
                status: .ok, contentType: ResponseFormat.prometheus.contentType,
                body: Array((text.output + server).utf8))
        }
    ]
}

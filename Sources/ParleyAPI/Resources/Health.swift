import HTTPServer

/// `/healthz` (the process answers) and `/readyz` (store open and not draining).
enum Health {
    /// The liveness answer never changes: made once (load balancers ask for it several times a second).
    private static let alive = Array(#"{"status":"ok"}"#.utf8)

    static let routes: [Route] = [
        Route(
            "health", "/healthz", summary: "Liveness: the process is serving.", cacheable: false,
            schema: EndpointSchemas.health
        ) { _, _ in
            HTTPResponse(status: .ok, contentType: ResponseFormat.json.contentType, body: alive)
        },
        Route(
            "ready", "/readyz", summary: "Readiness: the store is open and verified and the server is not draining.",
            cacheable: false,
            schema: EndpointSchemas.ready
        ) { _, context in
            if context.isDraining() {
                throw Problem(type: .notReady, detail: "The server is draining before shutdown.")
            }
            _ = try context.db()
            var json = JSONWriter(capacity: 64)
            json.beginObject()
            json.member("status", "ready")
            json.member("dataset", context.datasetVersion)
            json.endObject()
            return .json(json)
        },
    ]
}

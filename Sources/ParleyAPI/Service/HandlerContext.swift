import HTTPServer
import Store

/// What a route handler may use, and no more: this loop's store connection (whose public face is
/// typed queries: SQL text never leaves `Store`), the record ids it holds, this loop's count
/// cache, what the store holds (`StoreInfo`: version, counts, corpus), and — for the operational
/// routes only — whether the server drains and its counters. Not the application, not the
/// router, not the other loops. Built once per loop; no handler reads the clock (the one timed
/// policy, the rate limiter, lives in `HTTPServer` with its own injected clock).
struct HandlerContext {
    /// The connection, or the 503 this loop answers when it could not open the store.
    private let store: Result<Database, Problem>
    let records: RecordDirectory
    let counts: CountCache
    let dataset: StoreInfo
    let isDraining: @Sendable () -> Bool
    let metrics: ServerMetrics?

    init(
        store: Result<Database, Problem>, records: RecordDirectory, counts: CountCache, dataset: StoreInfo,
        isDraining: @escaping @Sendable () -> Bool, metrics: ServerMetrics?
    ) {
        self.store = store
        self.records = records
        self.counts = counts
        self.dataset = dataset
        self.isDraining = isDraining
        self.metrics = metrics
    }

    /// The store's query interface, or the 503 when this loop has none.
    func db() throws -> Database { try store.get() }

    var datasetVersion: String { dataset.datasetVersion }
}

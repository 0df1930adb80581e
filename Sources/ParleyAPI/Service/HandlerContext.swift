import HTTPServer
import Store

/// What a route handler may use, and no more: this loop's store connection (whose public face is
/// typed queries: SQL text never leaves `Store`), the record ids it holds, this loop's count
/// cache, what the store holds (`StoreInfo`: version, counts, corpus), and — for the operational
/// routes only — whether the server drains and its counters (the server's and the response caches'). Not the application, not the
/// router, not the other loops. Built once per loop; no handler reads the clock (the one timed
/// policy, the rate limiter, lives in `HTTPServer` with its own injected clock). A class, so
/// that handing it to a handler is one reference, not six; like `ParleyService`, it is only ever
/// used on its loop's serial queue.
final class HandlerContext {
    /// The connection, or (nil) the 503 this loop answers because it could not open the store.
    private let database: Database?
    private let openError: Problem?
    let records: RecordDirectory
    /// The store's releases, oldest first (read once per process).
    let releases: [ReleaseRow]
    let counts: CountCache
    let dataset: StoreInfo
    let isDraining: @Sendable () -> Bool
    let metrics: ServerMetrics?
    let responseCache: ResponseCacheStatistics

    init(
        database: Database?, openError: Problem?, records: RecordDirectory, releases: [ReleaseRow], counts: CountCache,
        dataset: StoreInfo,
        isDraining: @escaping @Sendable () -> Bool, metrics: ServerMetrics?, responseCache: ResponseCacheStatistics
    ) {
        self.responseCache = responseCache
        self.database = database
        self.openError = openError
        self.records = records
        self.releases = releases
        self.counts = counts
        self.dataset = dataset
        self.isDraining = isDraining
        self.metrics = metrics
    }

    /// The store's query interface, or the 503 when this loop has none.
    func db() throws -> Database {
        guard let database else { throw openError ?? Problem(type: .notReady, detail: "The store is not open.") }
        return database
    }

    var datasetVersion: String { dataset.datasetVersion }
}

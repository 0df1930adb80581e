import HTTPServer
import Store

/// What every event loop's service shares: immutable after start-up, so safe to share freely.
final class ServiceContext: Sendable {
    let storePath: String
    let info: StoreInfo
    /// Which record ids exist, for validating path ids and filter values.
    let records: RecordDirectory
    /// The store's releases, oldest first: a handful of rows that never change, read once.
    let releases: [ReleaseRow]
    let router: Router
    let isDraining: @Sendable () -> Bool
    let caching: HTTPCaching
    let cors: CORSPolicy
    /// The server's counters, when it keeps them (`/metrics`).
    let metrics: ServerMetrics?
    /// Each loop's response cache budget in bytes (0: no cache), and the caches' counters.
    let responseCache: ResponseCacheStatistics

    init(
        storePath: String, info: StoreInfo, records: RecordDirectory, releases: [ReleaseRow], router: Router,
        cors: CORSPolicy,
        metrics: ServerMetrics?, responseCacheBytes: Int,
        isDraining: @escaping @Sendable () -> Bool
    ) {
        self.metrics = metrics
        self.responseCache = ResponseCacheStatistics(budgetPerLoop: responseCacheBytes)
        self.storePath = storePath
        self.info = info
        self.records = records
        self.releases = releases
        self.router = router
        self.isDraining = isDraining
        self.cors = cors
        // A store with the corpus texts answers some requests differently, so its ETags differ
        // too; so does one built with other releases (the feed, the 410s).
        self.caching = HTTPCaching(
            datasetVersion: info.datasetVersion + (info.corpusBundled ? "c" : "")
                + (info.releasesDigest.isEmpty ? "" : "-" + info.releasesDigest.prefix(8)),
            lastModified: HTTPDate.imfFixdate(HTTPDate.parseRFC3339(info.builtAt) ?? 0))
    }

    var datasetVersion: String { info.datasetVersion }
}

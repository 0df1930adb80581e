import Store

/// What every event loop's service shares: immutable after start-up, so safe to share freely.
final class ServiceContext: Sendable {
    let storePath: String
    let info: StoreInfo
    /// Every record id per collection, for validating filter values and naming the allowed ones.
    let ids: [String: Set<String>]
    let router: Router
    let isDraining: @Sendable () -> Bool
    let caching: HTTPCaching
    let cors: CORSPolicy

    init(storePath: String, info: StoreInfo, ids: [String: Set<String>], router: Router, cors: CORSPolicy,
         isDraining: @escaping @Sendable () -> Bool) {
        self.storePath = storePath
        self.info = info
        self.ids = ids
        self.router = router
        self.isDraining = isDraining
        self.cors = cors
        // A store with the corpus texts answers some requests differently, so its ETags differ too.
        self.caching = HTTPCaching(datasetVersion: info.datasetVersion + (info.corpusBundled ? "c" : ""),
                                   lastModified: HTTPDate.format(iso8601: info.builtAt))
    }

    var datasetVersion: String { info.datasetVersion }
}

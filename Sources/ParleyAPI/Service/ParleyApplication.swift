import HTTPServer
import Store

/// The public face of the service layer: opens and verifies a store once, then makes one
/// `HTTPHandler` per event loop.
public struct ParleyApplication: Sendable {
    let context: ServiceContext

    public var info: StoreInfo { context.info }

    /// Verifies the store (schema version, meta, `PRAGMA quick_check`) and reads the id lists
    /// of the small collections that filter validation keeps in memory. Throws `StoreError` with a one-line reason when unusable.
    /// `corsOrigins`: origins allowed to read responses from a browser; nil or `["*"]` allows any.
    /// `metrics`: the server's counters, served at `/metrics` with the service's own.
    /// `quickCheck`: run `PRAGMA quick_check` on open (nil: only for stores up to `StoreInfo.quickCheckLimit`).
    /// `responseCacheBytes`: each event loop's budget for finished answers (`ResponseCache`; 0: none).
    public init(
        storePath: String, corsOrigins: [String]? = nil, metrics: ServerMetrics? = nil, quickCheck: Bool? = true,
        responseCacheBytes: Int = ParleyApplication.defaultResponseCacheBytes,
        isDraining: @escaping @Sendable () -> Bool = { false }
    ) throws {
        let info = try StoreInfo.verify(path: storePath, quickCheck: quickCheck)
        let database = try Database(path: storePath, mode: .readOnly)
        let records = try RecordDirectory(database: database, collections: DatasetSchema.collections.map(\.name))
        context = ServiceContext(
            storePath: storePath, info: info, records: records, releases: try database.releases(),
            router: Router(routes: RouteTable.routes),
            cors: CORSPolicy(origins: corsOrigins), metrics: metrics, responseCacheBytes: responseCacheBytes,
            isDraining: isDraining)
    }

    /// 4 MiB per event loop: about 1,500 talk records, or every answer a browsing session asks twice.
    public static let defaultResponseCacheBytes = 4 << 20

    /// The 503 a connection above the server's cap gets (`Server.overloadResponse`): the
    /// `overloaded` problem with the headers every other problem response carries.
    public var overloadResponse: HTTPResponse {
        var response = Problem(type: .overloaded, detail: "Too many open connections; retry after 1 second.").response(
            instance: "")
        response.addHeader("Retry-After", "1")
        response.addHeader("X-Dataset-Version", context.datasetVersion)
        response.headers += context.cors.headers(origin: nil)
        return response
    }

    /// The handler for event loop `loop` (its metrics shard).
    public func makeHandler(loop: Int = 0) -> any HTTPHandler {
        ParleyService(context: context, loop: loop)
    }
}

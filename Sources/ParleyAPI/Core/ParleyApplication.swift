import HTTPServer
import Store

/// The public face of the service layer: opens and verifies a store once, then makes one
/// `HTTPHandler` per event loop.
public struct ParleyApplication: Sendable {
    let context: ServiceContext

    public var info: StoreInfo { context.info }

    /// Verifies the store (schema version, meta, `PRAGMA quick_check`) and loads the id lists
    /// that filter validation needs. Throws `StoreError` with a one-line reason when unusable.
    /// `corsOrigins`: origins allowed to read responses from a browser; nil or `["*"]` allows any.
    public init(storePath: String, corsOrigins: [String]? = nil, isDraining: @escaping @Sendable () -> Bool = { false }) throws {
        let info = try StoreInfo.verify(path: storePath)
        let database = try Database(path: storePath, mode: .readOnly)
        var ids: [String: Set<String>] = [:]
        let statement = try database.prepare("SELECT collection, id FROM records")
        while try statement.step() {
            ids[statement.text(0) ?? "", default: []].insert(statement.text(1) ?? "")
        }
        context = ServiceContext(storePath: storePath, info: info, ids: ids, router: Router(routes: RouteTable.routes),
                                 cors: CORSPolicy(origins: corsOrigins), isDraining: isDraining)
    }

    public func makeHandler() -> any HTTPHandler {
        ParleyService(context: context)
    }
}

import HTTPServer
import Store

/// The service layer as one event loop sees it: the shared context plus this loop's own
/// read-only database connection (its prepared-statement cache, its count cache). Only ever used on its
/// loop's serial queue, as `HTTPHandler` requires.
final class ParleyService: HTTPHandler {
    let context: ServiceContext
    let database: Database?
    /// What this loop's route handlers see (its connection, its count cache, the shared directory).
    let handlerContext: HandlerContext

    /// The event loop this service belongs to.
    let loop: Int
    /// This loop's finished answers of cacheable routes.
    private var responseCache: ResponseCache

    init(context: ServiceContext, loop: Int = 0) {
        self.context = context
        self.loop = loop
        self.responseCache = ResponseCache(
            budget: context.responseCache.budgetPerLoop, statistics: context.responseCache)
        var openError: Problem?
        do {
            let opened = try Database(path: context.storePath, mode: .readOnly)
            try opened.mapIntoMemory()
            database = opened
        } catch {
            database = nil
            openError = Problem(type: .notReady, detail: "The store could not be opened: \(error).")
        }
        handlerContext = HandlerContext(
            database: database, openError: openError, records: context.records, releases: context.releases,
            counts: CountCache(),
            dataset: context.info,
            isDraining: context.isDraining, metrics: context.metrics, responseCache: context.responseCache)
    }

    static let allowedMethods = HTTPMethod.readOnlyAllowList

    /// The pattern of the route the current request matched (nil: none), for metrics and logs.
    private var matchedRoute: String?
    /// Set by `route` for the current request: the answer came whole from the response cache,
    /// or it is a new 200 the cache should keep (under this key and tag) once its headers are complete.
    private var servedFromCache = false
    private var toCache: (key: ResponseCache.Key, etag: String)?

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        var response: HTTPResponse
        matchedRoute = nil
        servedFromCache = false
        toCache = nil
        let storeTimeBefore = database?.stepNanoseconds ?? 0
        do {
            response = try route(request)
        } catch let problem as Problem {
            response = problem.response(instance: request.path)
        } catch let error as StoreError {
            response = Problem(type: .internalError, detail: "The store failed to answer (\(error.message)).").response(
                instance: request.path)
        } catch {
            response = Problem(type: .internalError, detail: "Unexpected failure.").response(instance: request.path)
        }
        response.route = matchedRoute
        if let metrics = context.metrics, let database, database.stepNanoseconds > storeTimeBefore {
            metrics.observe(
                Metrics.storeQuerySeconds, seconds: Double(database.stepNanoseconds - storeTimeBefore) / 1e9, loop: loop
            )
        }
        // A kept answer already holds these headers (CORS too, when it does not depend on the Origin).
        let originFree = context.cors.allowedOrigins == nil
        if !servedFromCache { response.addHeader("X-Dataset-Version", context.datasetVersion) }
        let fieldsBeforeCORS = response.headers.count
        // Errors carry CORS headers too, so a browser client can read the problem body.
        // A preflight answer already carries its own CORS headers.
        if !(servedFromCache && originFree)
            && !(request.method == .options && request.header("access-control-request-method") != nil)
        {
            response.headers += context.cors.headers(origin: request.header("origin"))
        }
        if let (key, etag) = toCache {
            // Kept with its header fields written out, so a hit copies them in one go; without
            // the CORS fields when those depend on the request's Origin.
            var kept = response
            if !originFree { kept.headers.removeLast(kept.headers.count - fieldsBeforeCORS) }
            kept.freezeHeaders()
            responseCache.insert(key, response: kept, etag: etag)
        }
        return response
    }

    /// Resolves the route and representation, answers preflights and conditional requests, then
    /// runs the route's handler.
    private func route(_ request: HTTPRequest) throws -> HTTPResponse {
        var match = context.router.match(path: request.path)
        var suffixFormat: ResponseFormat?
        if case .notFound = match, let split = ResponseFormat.splitSuffix(request.path) {
            match = context.router.match(path: split.path)
            suffixFormat = split.format
        }
        guard case .route(let route, let parameters) = match, suffixFormat.map(route.formats.contains) ?? true else {
            throw Problem(type: .notFound, detail: "No resource at \(request.path). GET / lists every endpoint.")
        }
        matchedRoute = route.pattern
        switch request.method {
        case .get, .head:
            guard
                let format = suffixFormat
                    ?? ResponseFormat.negotiate(accept: request.header("accept"), supported: route.formats)
            else {
                throw Problem(
                    type: .notAcceptable,
                    detail:
                        "\(route.pattern) is available as \(route.formats.map(\.mediaType).joined(separator: ", ")); "
                        + "send one of these in Accept (or */*).")
            }
            let gzip = Gzip.accepted(request.header("accept-encoding"))
            let condition = request.header("if-none-match")
            let cacheKey = ResponseCache.Key(path: request.path, query: request.query, format: format, gzip: gzip)
            if route.cacheable, responseCache.isEnabled, let entry = responseCache.lookup(cacheKey) {
                // The same request was answered 200 before: only its conditions are left to check
                // (RFC 9110 §13.2.2: If-Modified-Since only when there is no If-None-Match).
                let unchanged =
                    condition.map { $0 == "*" || HTTPCaching.matches(ifNoneMatch: $0, etag: entry.etag) }
                    ?? (request.header("if-modified-since").map(context.caching.notModifiedSince) == true)
                if unchanged {
                    return HTTPResponse(
                        status: .notModified, headers: context.caching.validatorHeaders(etag: entry.etag))
                }
                servedFromCache = true
                return entry.response
            }
            // Only cacheable routes have an ETag (health, readiness and metrics do not), so only
            // they pay for hashing the request.
            let etag =
                route.cacheable
                ? context.caching.etag(
                    path: request.path, query: request.query, format: format.rawValue,
                    coding: gzip ? "gzip" : "identity") : ""
            // An ETag names one request's 200 response and the dataset never changes under it, so a
            // matching tag is answered before any query. `*` and dates are checked after the
            // handler: they must not turn a 404 or 400 into a 304.
            if route.cacheable, let condition, condition != "*", HTTPCaching.matches(ifNoneMatch: condition, etag: etag)
            {
                return HTTPResponse(status: .notModified, headers: context.caching.validatorHeaders(etag: etag))
            }
            let query = try QueryParameters(query: request.query)
            var validation = ParameterValidation(records: context.records)
            validation.rejectUnknown(query, allowed: route.parameters)
            // Routes with parameters report unknown ones together with their own errors.
            if route.parameters.isEmpty { try validation.throwIfInvalid() }
            let routeRequest = RouteRequest(
                http: request, pathParameters: parameters, query: query, format: format,
                unknownParameters: validation.errors)
            var response = try route.handler(routeRequest, handlerContext)
            if response.status == .ok, route.cacheable,
                condition == "*"
                    || (condition == nil
                        && request.header("if-modified-since").map(context.caching.notModifiedSince) == true)
            {
                return HTTPResponse(status: .notModified, headers: context.caching.validatorHeaders(etag: etag))
            }
            if response.status == .ok {
                if route.cacheable {
                    context.caching.appendValidatorHeaders(etag: etag, to: &response.headers)
                } else {
                    response.addHeader("Cache-Control", "no-store")
                    // A body this large is sent gzipped to clients that ask: say so, even uncached.
                    if response.body.count >= Gzip.threshold || response.bodyStream != nil {
                        response.addHeader("Vary", "Accept-Encoding")
                    }
                }
                if gzip { Self.compress(&response) }
                if route.cacheable && response.bodyStream == nil && responseCache.admits(cacheKey) {
                    toCache = (cacheKey, etag)
                }
            }
            return response
        case .options:
            if request.header("access-control-request-method") != nil {
                let headers = context.cors.preflight(
                    origin: request.header("origin"), requestedHeaders: request.header("access-control-request-headers")
                )
                return HTTPResponse(
                    status: .noContent,
                    headers: [("Allow", Self.allowedMethods)] + headers
                        + [("Vary", "Origin, Access-Control-Request-Headers")])
            }
            return HTTPResponse(status: .noContent, headers: [("Allow", Self.allowedMethods)])
        default:
            var problem = Problem(
                type: .methodNotAllowed,
                detail:
                    "\(request.method.name) is not allowed on \(route.pattern); the API is read-only (GET, HEAD, OPTIONS)."
            )
            problem.headers = [("Allow", Self.allowedMethods)]
            throw problem
        }
    }

    /// gzip when the client asked for it and the body is worth it (the ETag already names the coding).
    private static func compress(_ response: inout HTTPResponse) {
        if let stream = response.bodyStream {
            guard let gzipped = GzipStream(stream) else { return }
            response.bodyStream = gzipped
        } else {
            guard response.body.count >= Gzip.threshold, let body = Gzip.compress(response.body) else { return }
            response.body = body
        }
        response.addHeader("Content-Encoding", "gzip")
    }

    /// Errors the HTTP layer detects (before any route) get the same headers as every other answer,
    /// so a browser client can read them too.
    func errorResponse(for error: HTTPError, origin: String?) -> HTTPResponse {
        var response = Problem.from(error).response(instance: "")
        response.addHeader("X-Dataset-Version", context.datasetVersion)
        response.headers += context.cors.headers(origin: origin)
        return response
    }
}

extension HTTPResponse {
    /// A 200 JSON response.
    static func json(_ writer: JSONWriter, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json; charset=utf-8", body: writer.bytes)
    }
}

import Glibc
import FoundationEssentials
import HTTPServer
import ParleyAPI
import Store

/// The three commands. Each returns the process exit code.
enum Commands {
    static let version = "0.1.0"

    static func log(_ line: String) {
        FileOutput.write("parley: " + line + "\n")
    }

    /// `parley check`: validate the dataset (and its quotes, with the corpus); with `--db FILE`,
    /// check a built store page by page instead.
    static func check(_ options: Options) throws -> Int32 {
        if let db = options.string("db") {
            let info = try StoreInfo.verify(path: db, quickCheck: true)
            print(
                "store \(db) is sound (schema \(info.schemaVersion), dataset \(info.datasetVersion)): "
                    + info.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            return 0
        }
        let directory = try Locations.dataset(options.string("dataset"))
        if options.has("coverage") && options.string("corpus") == nil {
            throw UsageError(message: "--coverage needs --corpus DIR: coverage is measured against the corpus texts")
        }
        do {
            let dataset = try Dataset.load(directory: directory, corpusDirectory: options.string("corpus"))
            let counts = dataset.counts.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            print(
                "dataset \(directory) is valid (version \(dataset.version)): \(counts)"
                    + (options.string("corpus") == nil
                        ? "; quotes not checked (pass --corpus DIR)" : "; every quote found in the corpus"))
            let history = try releases(options, dataset: directory)
            let feed = try dataset.changeFeed(history: history)
            print(releaseSummary(history, feed: feed, version: dataset.version))
            if options.has("coverage"), let corpus = options.string("corpus") {
                return try coverage(dataset, directory: directory, corpus: corpus)
            }
            return 0
        } catch let error as DatasetValidationError {
            log(error.description)
            return 1
        }
    }

    /// `parley check --coverage`: one line per corpus file, then every line that is neither cited
    /// nor explained in uncited.json (and every explained line that is cited after all).
    static func coverage(_ dataset: Dataset, directory: String, corpus: String) throws -> Int32 {
        let reports = try CoverageLedger.load(directory: directory).reports(for: dataset, corpusDirectory: corpus)
        print("coverage (content lines cited by a record, or explained in \(CoverageLedger.fileName)):")
        for report in reports {
            let covered = report.cited + report.explained
            // One decimal, rounded: tenths of a percent as an integer.
            let tenths =
                report.contentLines == 0 ? 1000 : (covered * 2000 + report.contentLines) / (2 * report.contentLines)
            let percent = "\(tenths / 10).\(tenths % 10)"
            print(
                "  \(report.source) (\(report.file)): \(covered)/\(report.contentLines) covered (\(percent) %): "
                    + "\(report.cited) cited, \(report.explained) explained, \(report.missing.count) neither")
        }
        let total = reports.reduce(into: (content: 0, cited: 0, explained: 0)) {
            $0.content += $1.contentLines; $0.cited += $1.cited; $0.explained += $1.explained
        }
        print(
            "  all: \(total.cited + total.explained)/\(total.content) covered: \(total.cited) cited, \(total.explained) explained"
        )
        var failed = false
        for report in reports where !report.complete {
            failed = true
            if !report.missing.isEmpty {
                log(
                    "\(report.source): lines neither cited nor explained: \(report.missing.map(String.init).joined(separator: ", "))"
                )
            }
            if !report.stale.isEmpty {
                log(
                    "\(report.source): lines explained in \(CoverageLedger.fileName) but cited by a record: \(report.stale.map(String.init).joined(separator: ", "))"
                )
            }
        }
        return failed ? 1 : 0
    }

    /// `parley build --out FILE`: validate, then write the store atomically.
    static func build(_ options: Options) throws -> Int32 {
        guard let out = options.string("out") else { throw UsageError(message: "build needs --out FILE") }
        if options.string("synthetic") != nil {
            let count = try options.integer("synthetic", default: 0, range: 1...10_000_000)
            let talks = try options.integer("synthetic-talks", default: count, range: 1...10_000_000)
            let started = Date()
            try StoreBuilder.buildSynthetic(count: count, talks: talks, to: out)
            log(
                "built \(out): \(count) synthetic records per collection (\(talks) talks) in \(Int(Date().timeIntervalSince(started) * 1000)) ms"
            )
            return 0
        }
        let directory = try Locations.dataset(options.string("dataset"))
        let started = Date()
        do {
            let dataset = try Dataset.load(directory: directory, corpusDirectory: options.string("corpus"))
            let history = try releases(options, dataset: directory)
            do {
                try StoreBuilder.build(dataset, releases: history, to: out, corpusDirectory: options.string("corpus"))
            } catch let error as StoreError where error.kind == .invalidDataset {
                log("refusing to build: " + error.message)
                return 1
            }
            log(
                "built \(out) from \(directory): dataset \(dataset.version), \(dataset.counts.map(\.1).reduce(0, +)) records in \(Int(Date().timeIntervalSince(started) * 1000)) ms"
            )
            return 0
        } catch let error as DatasetValidationError {
            log("refusing to build: " + error.description)
            return 1
        }
    }

    /// Finds or builds the store `serve` should open: `--db` as given, else the cached build of
    /// the current dataset, rebuilt when the dataset's content hash changed.
    static func storePath(_ options: Options, environment: [String: String]) throws -> String {
        if let db = options.string("db") { return db }
        let directory = try Locations.dataset(options.string("dataset"))
        let hash = try Dataset.contentHash(directory: directory)
        let history = try releases(options, dataset: directory)
        // A store is of one dataset and one release history: either changing means a new file.
        let key = history.digest.isEmpty ? hash : SHA256.hex(Array((hash + "\n" + history.digest).utf8))
        let cache = Locations.cacheDirectory(options.string("cache-dir"), environment: environment)
        let corpus = options.string("corpus")
        let path = cache + "/" + StoreCache.fileName(hash: key, corpus: corpus != nil)
        if let info = try? StoreInfo.verify(path: path, quickCheck: false), info.contentHash == hash,
            info.releasesDigest == history.digest
        {
            return path
        }
        log("building the store from \(directory) into \(path) (first run, or the dataset or its releases changed)")
        let started = Date()
        do {
            try StoreBuilder.build(
                try Dataset.load(directory: directory, corpusDirectory: corpus), releases: history, to: path,
                corpusDirectory: corpus)
        } catch let error as DatasetValidationError {
            throw UsageError(message: "the dataset is invalid, not serving it: " + error.description)
        } catch let error as StoreError where error.kind == .invalidDataset {
            throw UsageError(message: "the dataset and its releases disagree, not serving them: " + error.message)
        }
        log("store built in \(Int(Date().timeIntervalSince(started) * 1000)) ms")
        StoreCache.removeUnusable(in: cache, keepingHash: key)
        return path
    }

    /// `parley serve`: open and verify the store, serve until SIGTERM/SIGINT, drain, exit 0.
    static func serve(_ options: Options, environment: [String: String]) throws -> Int32 {
        let defaults = ServerConfiguration()
        var configuration = ServerConfiguration(
            host: options.string("host") ?? "127.0.0.1",
            port: try options.integer("port", default: 8080, range: 0...65535),
            eventLoops: try options.integer("workers", default: 0, range: 0...256),
            maxConnections: try options.integer(
                "max-connections", default: defaults.maxConnections, range: 1...1_000_000))
        configuration.timeouts = ConnectionTimeouts(
            head: try options.milliseconds("head-timeout", default: defaults.timeouts.head),
            idle: try options.milliseconds("idle-timeout", default: defaults.timeouts.idle),
            write: try options.milliseconds("write-timeout", default: defaults.timeouts.write))
        configuration.drainTimeoutMilliseconds = try options.milliseconds(
            "drain-timeout", default: defaults.drainTimeoutMilliseconds)
        let rate = try options.integer("rate-limit", default: 0, range: 0...1_000_000)
        if rate > 0 {
            configuration.rateLimit = (
                Double(rate), try options.integer("rate-burst", default: rate * 2, range: 1...10_000_000)
            )
        }
        configuration.limits = HTTPLimits(
            maxRequestLineBytes: try options.integer(
                "max-request-line", default: defaults.limits.maxRequestLineBytes, range: 64...1 << 20),
            maxHeadBytes: try options.integer(
                "max-head-size", default: defaults.limits.maxHeadBytes, range: 256...1 << 22),
            maxHeaderCount: try options.integer(
                "max-headers", default: defaults.limits.maxHeaderCount, range: 1...10_000))

        configuration.accessLog =
            AccessLogFormat(
                rawValue: try options.choice(
                    "access-log", default: "json", allowed: AccessLogFormat.allCases.map(\.rawValue))) ?? .json
        let quickCheck = try options.choice("quick-check", default: "auto", allowed: ["on", "off", "auto"])
        let responseCacheMiB = try options.integer(
            "response-cache", default: ParleyApplication.defaultResponseCacheBytes >> 20, range: 0...4096)
        let lifecycle = LifecycleLog(json: configuration.accessLog == .json)

        let loops =
            configuration.eventLoops > 0 ? configuration.eventLoops : Server.defaultEventLoopCount
        let metrics = ServerMetrics(loops: loops)
        let opened = OpenedApplication()
        let server = Server(configuration: configuration, metrics: metrics) { opened.handler(loop: $0) }
        // Bind before building or opening the store: a taken port then fails at once and costs nothing.
        do {
            try server.bind()
        } catch let error as SocketError {
            throw UsageError(message: "cannot listen on \(configuration.host):\(configuration.port): \(error)")
        }
        let path = try storePath(options, environment: environment)
        // Held for as long as this process serves the file, so that no other parley's cache clean-up removes it.
        let storeLease = StoreCache.lease(path)
        defer { withExtendedLifetime(storeLease) {} }
        let application: ParleyApplication
        do {
            let origins = options.string("cors-origin")?.split(separator: ",").map {
                $0.trimmingWhitespace()
            }
            application = try ParleyApplication(
                storePath: path, corsOrigins: origins, metrics: metrics,
                quickCheck: quickCheck == "auto" ? nil : quickCheck == "on", responseCacheBytes: responseCacheMiB << 20,
                isDraining: { server.isDraining })
        } catch let error as StoreError {
            throw UsageError(message: error.message)
        }
        opened.application = application
        server.overloadResponse = application.overloadResponse
        // Opening, verifying (and perhaps building) the store read the whole dataset through
        // memory that is free now; hand it back to the system before serving.
        Server.releaseFreeMemory()
        try server.start()
        let info = application.info
        lifecycle.event(
            "start",
            "serving dataset \(info.datasetVersion) (\(info.counts.values.reduce(0, +)) records, store \(path)) on http://\(configuration.host):\(server.port)/",
            [
                ("version", version), ("pid", String(getpid())), ("listen", "\(configuration.host):\(server.port)"),
                ("store", path),
                ("dataset", info.datasetVersion), ("schema", String(info.schemaVersion)),
                ("records", String(info.counts.values.reduce(0, +))),
                ("corpus", String(info.corpusBundled)), ("quick_check", quickCheck), ("workers", String(loops)),
                ("max_connections", String(configuration.maxConnections)),
                ("rate_limit", configuration.rateLimit.map { "\(Int($0.rate))/s burst \($0.burst)" } ?? "off"),
                ("head_timeout_ms", String(configuration.timeouts.head)),
                ("idle_timeout_ms", String(configuration.timeouts.idle)),
                ("write_timeout_ms", String(configuration.timeouts.write)),
                ("drain_timeout_ms", String(configuration.drainTimeoutMilliseconds)),
                ("cors_origin", options.string("cors-origin") ?? "*"), ("access_log", configuration.accessLog.rawValue),
                ("response_cache_mib", String(responseCacheMiB)),
            ])
        let drainTimeout = configuration.drainTimeoutMilliseconds
        let outcome = server.runUntilSignalled { signal in
            lifecycle.event(
                "drain", "received \(signal == SIGTERM ? "SIGTERM" : "SIGINT"), draining (up to \(drainTimeout) ms)",
                [
                    ("signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"),
                    ("open_connections", String(server.openConnectionCount)),
                ])
        }
        lifecycle.event(
            "stop", outcome.drained ? "drained, exiting" : "drain timeout reached, closed remaining connections",
            [("drained", String(outcome.drained)), ("connections_served", String(server.acceptedConnectionCount))])
        return 0
    }
}

/// The application, opened after the server is bound; the server asks it for handlers only once
/// `start()` runs, which is after it is set.
// @unchecked: `application` is set once before `server.start()` and only read by the loops it starts.
final class OpenedApplication: @unchecked Sendable {
    // Written once before the server starts; read by the loops afterwards only.
    var application: ParleyApplication?

    func handler(loop: Int) -> any HTTPHandler {
        guard let application else { preconditionFailure("the server started before the application was opened") }
        return application.makeHandler(loop: loop)
    }
}

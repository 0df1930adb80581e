import Synchronization

/// Counters and histograms in the Prometheus text exposition format (version 0.0.4).
///
/// Each event loop writes to its own shard, so the lock a request takes is never contended by
/// another loop's requests; `/metrics` locks each shard briefly to add them up. Label values come
/// from closed sets (route patterns, known methods, status codes), so the series stay bounded
/// whatever clients send.
public final class ServerMetrics: Sendable {
    /// Upper bounds in seconds, from half a millisecond (a cached item) to 2.5 s.
    public static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    struct SeriesKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    struct Histogram {
        var counts = [UInt64](repeating: 0, count: ServerMetrics.buckets.count)
        var count: UInt64 = 0
        var sum: Double = 0

        mutating func observe(_ seconds: Double) {
            if let bucket = ServerMetrics.buckets.firstIndex(where: { seconds <= $0 }) { counts[bucket] += 1 }
            count += 1
            sum += seconds
        }

        mutating func add(_ other: Histogram) {
            for index in counts.indices { counts[index] += other.counts[index] }
            count += other.count
            sum += other.sum
        }
    }

    struct Shard {
        var requests: [SeriesKey: UInt64] = [:]
        var durations: [String: Histogram] = [:]
        var named: [String: Histogram] = [:]
        var bytes: UInt64 = 0
        var connectionsOpened: UInt64 = 0
        var connectionsClosed: UInt64 = 0
    }

    /// Method label values; any other token is counted as "other".
    static let methods: Set<String> = [
        "GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "QUERY",
    ]

    /// A shard's lock; a class, because `Mutex` is not copyable and cannot sit in an array.
    final class Locked: Sendable {
        let mutex: Mutex<Shard>
        init() { mutex = Mutex(Shard()) }
    }

    private let shards: [Locked]
    private let started = RequestRecord.now()

    public init(loops: Int) {
        shards = (0..<max(1, loops)).map { _ in Locked() }
    }

    private func shard(_ loop: Int) -> Locked { shards[loop % shards.count] }

    func connectionOpened(loop: Int) { shard(loop).mutex.withLock { $0.connectionsOpened += 1 } }
    func connectionClosed(loop: Int) { shard(loop).mutex.withLock { $0.connectionsClosed += 1 } }

    func record(_ record: RequestRecord, loop: Int) {
        let route = record.route ?? "unmatched"
        let method = Self.methods.contains(record.method) ? record.method : "other"
        shard(loop).mutex.withLock { shard in
            shard.requests[SeriesKey(route: route, method: method, status: record.status), default: 0] += 1
            shard.durations[route, default: Histogram()].observe(record.seconds)
            shard.bytes += UInt64(record.bytes)
        }
    }

    /// Adds an observation to a histogram the server itself does not fill (the service's store
    /// time, say); `name` must be a valid metric name and fixed by the caller.
    public func observe(_ name: String, seconds: Double, loop: Int) {
        shard(loop).mutex.withLock { $0.named[name, default: Histogram()].observe(seconds) }
    }

    /// The whole exposition; `help` describes the histograms passed to `observe`.
    public func render(help: [String: String] = [:]) -> String {
        var total = Shard()
        for shard in shards {
            shard.mutex.withLock { part in
                total.requests.merge(part.requests, uniquingKeysWith: +)
                for (route, histogram) in part.durations { total.durations[route, default: Histogram()].add(histogram) }
                for (name, histogram) in part.named { total.named[name, default: Histogram()].add(histogram) }
                total.bytes += part.bytes
                total.connectionsOpened += part.connectionsOpened
                total.connectionsClosed += part.connectionsClosed
            }
        }
        var text = PrometheusText()
        text.family("parley_http_requests_total", "counter", "Requests answered, by route pattern, method and status.")
        for (key, value) in total.requests.sorted(by: {
            ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status)
        }) {
            text.sample(
                "parley_http_requests_total",
                [("route", key.route), ("method", key.method), ("status", String(key.status))], Double(value))
        }
        text.family(
            "parley_http_request_duration_seconds", "histogram",
            "Time from the parsed request head to the response queued, by route pattern.")
        for (route, histogram) in total.durations.sorted(by: { $0.key < $1.key }) {
            text.histogram("parley_http_request_duration_seconds", [("route", route)], histogram)
        }
        for (name, histogram) in total.named.sorted(by: { $0.key < $1.key }) {
            text.family(name, "histogram", help[name] ?? name)
            text.histogram(name, [], histogram)
        }
        text.family(
            "parley_http_response_bytes_total", "counter", "Response bytes queued for clients, heads and bodies.")
        text.sample("parley_http_response_bytes_total", [], Double(total.bytes))
        text.family("parley_http_connections_total", "counter", "Connections accepted and served.")
        text.sample("parley_http_connections_total", [], Double(total.connectionsOpened))
        text.family("parley_http_connections_open", "gauge", "Connections open now.")
        text.sample("parley_http_connections_open", [], Double(total.connectionsOpened &- total.connectionsClosed))
        text.family("parley_process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch.")
        text.sample("parley_process_start_time_seconds", [], started.rounded(.down))
        return text.output
    }
}

/// Everything the HTTP server can be told. Every limit and deadline in the contract is here.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Number of event loops (serial queues, each with its own handler). Defaults to one per CPU the process may use (its affinity mask).
    public var eventLoops: Int
    /// Open connections above this are answered 503 and closed, so those in progress keep their share.
    public var maxConnections: Int
    public var limits: HTTPLimits
    public var timeouts: ConnectionTimeouts
    /// How long a graceful shutdown waits for in-flight responses before closing what is left.
    public var drainTimeoutMilliseconds: Int64
    /// Stop reading a connection while this many response bytes wait for the client.
    public var outputHighWater: Int
    /// How often each loop checks its connections' deadlines: often enough that the shortest
    /// deadline fires within a quarter of its length, and never more than four times a second.
    public var tickMilliseconds: Int64 {
        let shortest = min(timeouts.head, timeouts.idle, timeouts.write, timeouts.linger)
        return max(5, min(250, shortest / 4))
    }
    public var backlog: Int32
    /// Optional per-client rate limit (requests per second and burst); nil means unlimited.
    public var rateLimit: (rate: Double, burst: Int)?
    /// Access log lines on standard output (off unless asked for: tests and embedders stay quiet).
    public var accessLog: AccessLogFormat = .off
    /// Where access log lines go (standard output unless a test or embedder says otherwise).
    public var accessLogDescriptor: Int32 = 1

    public init(
        host: String = "127.0.0.1", port: Int = 8080, eventLoops: Int = 0, maxConnections: Int = 10_000,
        limits: HTTPLimits = HTTPLimits(), timeouts: ConnectionTimeouts = ConnectionTimeouts(),
        drainTimeoutMilliseconds: Int64 = 10_000, outputHighWater: Int = 1 << 20, backlog: Int32 = 1024
    ) {
        self.host = host
        self.port = port
        self.eventLoops = eventLoops
        self.maxConnections = maxConnections
        self.limits = limits
        self.timeouts = timeouts
        self.drainTimeoutMilliseconds = drainTimeoutMilliseconds
        self.outputHighWater = outputHighWater
        self.backlog = backlog
    }
}

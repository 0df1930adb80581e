import Dispatch
import Glibc

/// One serial queue with the connections pinned to it, their epoll set (`ReadinessSet`), its own
/// handler (and so its own database connection in Parley), a scratch read buffer, a `Date` cache
/// and a deadline ticker.
///
/// A request is read, answered and written on the same queue: one hop from the socket to the
/// handler and back, no locks; one wake-up of the queue answers every socket that became ready.
/// Confinement: all mutable state is touched only on `queue`.
// @unchecked: every mutable member is read and written on `queue` only (see above).
final class EventLoop: @unchecked Sendable {
    let index: Int
    let queue: DispatchQueue
    let configuration: ServerConfiguration
    private unowned let server: Server
    private(set) var handler: (any HTTPHandler)!
    let readBuffer: UnsafeMutableRawBufferPointer
    /// The same memory, typed as bytes (bound once), for contiguous copies out of it.
    let readBytes: UnsafeMutableBufferPointer<UInt8>
    let readiness: ReadinessSet
    private var connections: [Int32: Connection] = [:]
    /// Numbers connections, so a readiness token names one connection, not just a reused descriptor.
    private var connectionSerial: UInt32 = 0
    private var dateCache = DateCache()
    private var ticker: (any DispatchSourceTimer)?
    private var requestCounter: UInt64 = 0
    private let requestIDPrefix: String
    private var quiescing = false
    private var accessLog: AccessLogBuffer
    let metrics: ServerMetrics?

    init(
        index: Int, configuration: ServerConfiguration, server: Server, requestIDPrefix: String, metrics: ServerMetrics?
    ) throws {
        self.index = index
        self.metrics = metrics
        self.accessLog = AccessLogBuffer(format: configuration.accessLog, fd: configuration.accessLogDescriptor)
        self.configuration = configuration
        self.server = server
        self.queue = DispatchQueue(label: "parley.loop.\(index)")
        self.readiness = try ReadinessSet(queue: queue)
        self.readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        self.readBytes = readBuffer.bindMemory(to: UInt8.self)
        self.requestIDPrefix = requestIDPrefix + String(index, radix: 16)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Creates the handler on the loop's own queue and starts the deadline ticker.
    func start(makeHandler: @escaping @Sendable (Int) -> any HTTPHandler) {
        queue.sync {
            handler = makeHandler(index)
            let timer = DispatchSource.makeTimerSource(queue: queue)
            let interval = Int(configuration.tickMilliseconds)
            timer.schedule(
                deadline: .now() + .milliseconds(interval), repeating: .milliseconds(interval),
                leeway: .milliseconds(max(1, interval / 4)))
            timer.setEventHandler { [unowned self] in self.tick() }
            ticker = timer
            timer.activate()
            readiness.start { [unowned self] token, ready in self.deliver(token, ready) }
        }
    }

    var rateLimiter: RateLimiter? { server.rateLimiter }

    func adopt(_ fd: Int32, peer: String = "") {
        connectionSerial &+= 1
        let token = UInt64(connectionSerial) << 32 | UInt64(UInt32(bitPattern: fd))
        let connection = Connection(fd: fd, token: token, peer: peer, loop: self, now: Socket.monotonicNow())
        connections[fd] = connection
        metrics?.connectionOpened(loop: index)
        connection.start()
        if quiescing { connection.quiesce() }
    }

    /// Hands a socket's readiness to its connection (if it is still the one the token names).
    private func deliver(_ token: UInt64, _ ready: ReadinessSet.Readiness) {
        guard let connection = connections[Int32(bitPattern: UInt32(truncatingIfNeeded: token))],
            connection.token == token
        else { return }
        connection.ready(ready)
    }

    func connectionClosed(_ connection: Connection) {
        guard connections.removeValue(forKey: connection.fd) != nil else { return }
        metrics?.connectionClosed(loop: index)
        server.connectionClosed()
    }

    private func tick() {
        let now = Socket.monotonicNow()
        for connection in Array(connections.values) { connection.tick(now: now) }
        accessLog.flush()
    }

    /// A response was queued in full: count it and log it.
    func completed(_ record: RequestRecord) {
        metrics?.record(record, loop: index)
        accessLog.append(record)
    }

    /// Whether anything wants per-request records (their clock readings are skipped otherwise).
    var observes: Bool { metrics != nil || logsRequests }

    /// Whether requests are logged (the record's target and wall-clock time are needed then).
    var logsRequests: Bool { accessLog.format != .off }

    func quiesceAll() {
        quiescing = true
        for connection in Array(connections.values) { connection.quiesce() }
    }

    func closeAll() {
        for connection in Array(connections.values) { connection.close() }
    }

    func stop() {
        readiness.stop()
        accessLog.flush()
        ticker?.cancel()
        ticker = nil
    }

    func dateBytes() -> [UInt8] { dateCache.current() }

    /// A fresh id: process prefix, loop index and a counter, in hex (unique without coordination).
    func nextRequestID() -> String {
        requestCounter &+= 1
        return requestIDPrefix + "-" + String(requestCounter, radix: 16)
    }

    /// The client's (or proxy's) `X-Request-Id` when it is a sane token, else a fresh one.
    func requestID(for head: RequestHead) -> String {
        if let supplied = head.value(of: "x-request-id"), (1...128).contains(supplied.utf8.count),
            supplied.utf8.allSatisfy({ ASCII.isTokenChar($0) })
        {
            return supplied
        }
        return nextRequestID()
    }
}

import Dispatch
import CSocketShims
import Glibc
import Synchronization

/// The listener, the event loops and graceful shutdown.
///
/// Accepting runs on its own serial queue and hands each socket to a loop, round-robin; the
/// connection then lives on that loop until it closes.
// @unchecked: listener, loops and accept state change only before start() or on `acceptQueue`; counters are atomics.
public final class Server: @unchecked Sendable {
    public let configuration: ServerConfiguration
    private let makeHandler: @Sendable (Int) -> any HTTPHandler
    private var loops: [EventLoop] = []
    private let acceptQueue = DispatchQueue(label: "parley.accept")
    private var acceptSource: (any DispatchSourceRead)?
    private var acceptSuspended = false
    private var listener: Int32 = -1
    private var nextLoop = 0
    private var requestIDPrefix = ""
    /// Made on first use, on the accept queue, after `overloadResponse` was set.
    private lazy var overload = OverloadAnswer(queue: acceptQueue, response: overloadResponse)
    /// What a connection above `maxConnections` is answered (a 503 problem); set before `start()`.
    public var overloadResponse = OverloadAnswer.defaultResponse
    private let openConnections = Atomic<Int>(0)
    private let totalConnections = Atomic<Int>(0)
    private let draining = Atomic<Bool>(false)
    let rateLimiter: RateLimiter?
    /// The port actually bound (useful when configured with port 0).
    public private(set) var port: Int = 0

    /// Request counts, durations and connections, when `/metrics` should serve them.
    public let metrics: ServerMetrics?

    public init(
        configuration: ServerConfiguration, metrics: ServerMetrics? = nil,
        makeHandler: @escaping @Sendable (Int) -> any HTTPHandler
    ) {
        self.configuration = configuration
        self.metrics = metrics
        self.makeHandler = makeHandler
        self.rateLimiter = configuration.rateLimit.map { RateLimiter(rate: $0.rate, burst: $0.burst) }
    }

    public var isDraining: Bool { draining.load(ordering: .relaxed) }
    public var openConnectionCount: Int { openConnections.load(ordering: .relaxed) }
    public var acceptedConnectionCount: Int { totalConnections.load(ordering: .relaxed) }

    /// Binds the configured address, for a caller that wants a taken port to fail before it does
    /// anything slow (building a store); `start()` then serves on it. Throws `SocketError`.
    public func bind() throws {
        guard listener < 0 else { return }
        listener = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        port = Socket.localPort(listener)
    }

    /// One loop per CPU the process may use (under `taskset -c 0` or a cgroup cpuset, that is
    /// fewer than the machine has: a second loop there only adds context switches).
    public static var defaultEventLoopCount: Int {
        let usable = Int(parley_usable_cpus())
        return max(1, usable > 0 ? usable : sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// Hands free heap memory back to the system (`malloc_trim`): for after start-up work that
    /// read much more than serving keeps (opening, verifying or building a store).
    public static func releaseFreeMemory() {
        parley_release_free_memory()
    }

    /// Binds (unless `bind()` already did), starts the loops and begins accepting. Throws
    /// `SocketError` when the address is unusable.
    public func start() throws {
        Socket.ignoreSIGPIPE()
        try bind()
        let count = configuration.eventLoops > 0 ? configuration.eventLoops : Self.defaultEventLoopCount
        var seed = UInt32(truncatingIfNeeded: time(nil)) ^ UInt32(truncatingIfNeeded: getpid()) &* 2654435761
        let prefix = String(
            (0..<6).map { _ -> Character in
                seed = seed &* 1103515245 &+ 12345
                return Array("0123456789abcdef")[Int((seed >> 16) & 15)]
            })
        requestIDPrefix = prefix
        loops = try (0..<count).map {
            try EventLoop(
                index: $0, configuration: configuration, server: self, requestIDPrefix: prefix, metrics: metrics)
        }
        for loop in loops { loop.start(makeHandler: makeHandler) }

        let source = DispatchSource.makeReadSource(fileDescriptor: listener, queue: acceptQueue)
        let fd = listener
        source.setEventHandler { [unowned self] in self.acceptPending() }
        source.setCancelHandler { Socket.close(fd) }
        acceptSource = source
        source.activate()
    }

    private func acceptPending() {
        while let fd = Socket.accept(listener) {
            // Above the cap, answer at once and close: those in progress keep their loops to themselves.
            if openConnections.load(ordering: .relaxed) >= configuration.maxConnections {
                overload.answer(fd, requestIDPrefix: requestIDPrefix)
                continue
            }
            openConnections.add(1, ordering: .relaxed)
            totalConnections.add(1, ordering: .relaxed)
            let loop = loops[nextLoop]
            nextLoop = (nextLoop + 1) % loops.count
            let peer = rateLimiter == nil && configuration.accessLog == .off ? "" : Socket.peerAddress(fd)
            loop.queue.async { loop.adopt(fd, peer: peer) }
        }
        // Out of descriptors: pause accepting briefly instead of spinning on a readable listener.
        if errno == EMFILE || errno == ENFILE, let source = acceptSource, !acceptSuspended {
            source.suspend()
            acceptSuspended = true
            acceptQueue.asyncAfter(deadline: .now() + .milliseconds(100)) { [unowned self] in
                guard self.acceptSuspended else { return }
                self.acceptSuspended = false
                self.acceptSource?.resume()
            }
        }
    }

    func connectionClosed() {
        openConnections.subtract(1, ordering: .relaxed)
    }

    /// Stops accepting, lets in-flight responses finish, closes idle connections, and returns
    /// once every connection is closed or the drain timeout has passed. Returns true if all drained.
    @discardableResult
    public func shutdown() -> Bool {
        guard !draining.exchange(true, ordering: .relaxed) else { return true }
        acceptQueue.sync {
            if acceptSuspended { acceptSource?.resume(); acceptSuspended = false }
            acceptSource?.cancel()
            acceptSource = nil
        }
        for loop in loops { loop.queue.async { loop.quiesceAll() } }
        let deadline = Socket.monotonicNow().advanced(byMilliseconds: configuration.drainTimeoutMilliseconds)
        while openConnections.load(ordering: .relaxed) > 0 && Socket.monotonicNow() < deadline {
            usleep(5_000)
        }
        let drained = openConnections.load(ordering: .relaxed) == 0
        for loop in loops {
            loop.queue.sync {
                loop.closeAll(); loop.stop()
            }
        }
        return drained
    }

    /// Blocks the calling thread until SIGTERM or SIGINT, then shuts down gracefully.
    /// Returns the signal that arrived and whether every connection drained in time.
    public func runUntilSignalled(onSignal: @escaping @Sendable (Int32) -> Void = { _ in }) -> (
        signal: Int32, drained: Bool
    ) {
        let received = Atomic<Int32>(0)
        let semaphore = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if received.compareExchange(expected: 0, desired: number, ordering: .relaxed).exchanged {
                    semaphore.signal()
                }
            }
            source.activate()
            sources.append(source)
        }
        semaphore.wait()
        let number = received.load(ordering: .relaxed)
        onSignal(number)
        let drained = shutdown()
        for source in sources { source.cancel() }
        return (number, drained)
    }
}

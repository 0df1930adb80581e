/// A point on a monotonic clock, in milliseconds. The I/O shell passes real time; tests pass
/// whatever they like, so every deadline rule runs in microseconds of test time.
public struct MonotonicInstant: Comparable, Sendable, Hashable {
    public var milliseconds: Int64
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public static func < (a: Self, b: Self) -> Bool { a.milliseconds < b.milliseconds }
    public func advanced(byMilliseconds delta: Int64) -> Self { Self(milliseconds: milliseconds + delta) }
}

/// The deadlines of one connection, in milliseconds (the contract's defaults).
public struct ConnectionTimeouts: Sendable, Equatable {
    /// The whole request head must arrive within this time of its first byte.
    public var head: Int64
    /// An idle keep-alive connection is closed after this long.
    public var idle: Int64
    /// A client that stops reading our response is dropped after this long without progress.
    public var write: Int64
    /// After a half-close, how long to drain (and discard) what the client still sends.
    public var linger: Int64

    public init(head: Int64 = 10_000, idle: Int64 = 15_000, write: Int64 = 30_000, linger: Int64 = 2_000) {
        self.head = head
        self.idle = idle
        self.write = write
        self.linger = linger
    }
}

/// Keep-alive, deadline and close policy of one connection, as a value type: events in, actions
/// out (after Hummingbird 2's connection state machine). The `Connection` class only carries out
/// the actions, so every rule here is testable without sockets or real time.
public struct ConnectionStateMachine: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case none
        /// Close the socket now (deadline passed, peer gone, drain finished).
        case close
        /// Everything is written: shut down our side and discard input until the peer closes or
        /// the linger deadline passes, so the client reads the response instead of a reset.
        case halfCloseAndDrain
        /// The head deadline passed mid-request: answer 408, then close as above.
        case respondTimeoutThenClose
    }

    enum Phase: Sendable, Equatable {
        /// No bytes of a next request yet.
        case idle(since: MonotonicInstant)
        /// Part of a request head is buffered.
        case readingHead(since: MonotonicInstant)
        /// Our side is shut down; we discard input until `until`.
        case draining(until: MonotonicInstant)
        case closed
    }

    public let timeouts: ConnectionTimeouts
    private(set) var phase: Phase
    /// Responses are queued but not yet fully written.
    private(set) var outputPending = false
    /// When output last could not make progress; nil while writes keep up.
    private(set) var writeStalledSince: MonotonicInstant?
    /// Close (gracefully) once the output is flushed.
    private(set) var closeWhenFlushed = false
    /// The server is shutting down: finish what is in flight, accept nothing new.
    private(set) var quiescing = false

    public init(timeouts: ConnectionTimeouts, now: MonotonicInstant) {
        self.timeouts = timeouts
        self.phase = .idle(since: now)
    }

    public var isClosed: Bool { phase == .closed }
    public var isDraining: Bool { if case .draining = phase { return true } else { return false } }
    /// New requests may be parsed and answered (not after an error, a close or a drain).
    public var acceptsRequests: Bool {
        switch phase {
        case .idle, .readingHead: return !closeWhenFlushed
        case .draining, .closed: return false
        }
    }

    /// A complete head was parsed. Returns whether the response may keep the connection open.
    public mutating func requestReceived(keepAlive requested: Bool) -> Bool {
        outputPending = true
        let keepAlive = requested && !quiescing
        if !keepAlive { closeWhenFlushed = true }
        return keepAlive
    }

    /// The current response decided to end the connection (a close-delimited body).
    public mutating func closeAfterResponse() {
        closeWhenFlushed = true
    }

    /// The request could not be parsed: its error response is queued and the connection ends after it.
    public mutating func requestFailed() {
        outputPending = true
        closeWhenFlushed = true
    }

    /// After the shell has consumed every complete head in its buffer: is part of a head left?
    public mutating func inputSettled(partialHeadBuffered: Bool, now: MonotonicInstant) {
        switch phase {
        case .idle:
            if partialHeadBuffered { phase = .readingHead(since: now) }
        case .readingHead:
            if !partialHeadBuffered { phase = .idle(since: now) }
        case .draining, .closed:
            break
        }
    }

    /// A complete head was just consumed; a next head (if any) starts its own deadline now.
    public mutating func headConsumed(now: MonotonicInstant) {
        if case .readingHead = phase { phase = .idle(since: now) }
    }

    /// A write could not complete (the socket buffer is full).
    public mutating func writeStalled(now: MonotonicInstant) {
        if writeStalledSince == nil { writeStalledSince = now }
    }

    /// Some bytes were written: the client is reading, so restart the write deadline.
    public mutating func writeProgressed(now: MonotonicInstant) {
        if writeStalledSince != nil { writeStalledSince = now }
    }

    /// Every queued byte has been written.
    public mutating func outputFlushed(now: MonotonicInstant) -> Action {
        outputPending = false
        writeStalledSince = nil
        guard !isDraining, !isClosed else { return .none }
        if closeWhenFlushed {
            phase = .draining(until: now.advanced(byMilliseconds: timeouts.linger))
            return .halfCloseAndDrain
        }
        if case .idle = phase { phase = .idle(since: now) }
        return .none
    }

    /// The peer closed its sending side (read returned 0).
    public mutating func peerClosed() -> Action {
        if isDraining || !outputPending {
            phase = .closed
            return .close
        }
        // A client may half-close after sending its request and still read the answer.
        closeWhenFlushed = true
        return .none
    }

    /// Reading or writing failed hard (reset, broken pipe).
    public mutating func socketFailed() -> Action {
        phase = .closed
        return .close
    }

    /// Graceful shutdown: idle connections close now, busy ones after their current response.
    public mutating func quiesce(now: MonotonicInstant) -> Action {
        quiescing = true
        switch phase {
        case .idle where !outputPending:
            phase = .closed
            return .close
        case .idle:
            closeWhenFlushed = true
            return .none
        case .readingHead, .draining, .closed:
            // A head in progress is answered (with Connection: close) if it completes in time.
            return .none
        }
    }

    /// Periodic check of every deadline.
    public mutating func tick(now: MonotonicInstant) -> Action {
        if let since = writeStalledSince, now.milliseconds - since.milliseconds >= timeouts.write {
            phase = .closed
            return .close
        }
        switch phase {
        case .draining(let until):
            guard now >= until else { return .none }
            phase = .closed
            return .close
        case .readingHead(let since):
            guard !outputPending, now.milliseconds - since.milliseconds >= timeouts.head else { return .none }
            outputPending = true
            closeWhenFlushed = true
            phase = .idle(since: now)
            return .respondTimeoutThenClose
        case .idle(let since):
            guard !outputPending, now.milliseconds - since.milliseconds >= timeouts.idle else { return .none }
            phase = .closed
            return .close
        case .closed:
            return .none
        }
    }

    /// Called when the shell closes the socket for any reason.
    public mutating func closed() {
        phase = .closed
    }
}

import Dispatch

/// The I/O shell of one client connection. It reads, parses, asks the handler, writes, and
/// carries out what `ConnectionStateMachine` decides; it makes no policy decisions of its own.
///
/// Confinement: every method runs on its event loop's serial queue (readiness is delivered there
/// by the loop's `ReadinessSet`), which is why the class can be `@unchecked Sendable` without locks.
// @unchecked: confined to its event loop's serial queue (see above).
final class Connection: @unchecked Sendable {
    let fd: Int32
    /// Names this connection in its loop's readiness set (a descriptor number is reused after close).
    let token: UInt64
    /// The client's address, for per-client rate limiting ("" when limiting is off).
    let peer: String
    private unowned let loop: EventLoop
    private var machine: ConnectionStateMachine
    private var inbound: [UInt8] = []
    private var inboundStart = 0
    private var output = OutputQueue()
    private var readSuspended = false
    private var writeArmed = false
    private var isClosed = false
    /// Bytes discarded while draining after a half-close; bounded so a flood cannot keep us busy.
    private var drainedBytes = 0
    /// The body being streamed for the current response; no later request is answered until it ends.
    private var activeStream: (stream: any HTTPBodyStream, http10: Bool)?
    /// The record of the response being streamed, completed when its last chunk is queued.
    private var streamRecord: RequestRecord?
    private var streamStarted = 0.0
    private static let maxDrainBytes = 1 << 20

    init(fd: Int32, token: UInt64, peer: String, loop: EventLoop, now: MonotonicInstant) {
        self.fd = fd
        self.token = token
        self.peer = peer
        self.loop = loop
        self.machine = ConnectionStateMachine(timeouts: loop.configuration.timeouts, now: now)
    }

    func start() {
        guard loop.readiness.add(fd, token: token, interest: interest) else {
            close()
            return
        }
    }

    private var interest: ReadinessSet.Interest { .init(read: !readSuspended, write: writeArmed) }

    /// What the loop's readiness set reports for this socket.
    func ready(_ readiness: ReadinessSet.Readiness) {
        if readiness.writable && writeArmed { writable() }
        if readiness.readable && !readSuspended && !isClosed { readable() }
        // An error or hang-up is reported whether asked for or not, and again on every poll: act
        // on it through whichever side is armed (its read or send fails), or drop the socket.
        if readiness.failed && !isClosed {
            if !readSuspended {
                readable()
            } else if writeArmed {
                writable()
            } else {
                perform(machine.socketFailed())
            }
        }
    }

    // MARK: Reading

    private func readable() {
        while !isClosed {
            if machine.isDraining {
                guard discardInput() else { return }
                continue
            }
            if readSuspended { return }
            let result = Socket.read(fd, into: loop.readBuffer)
            switch result {
            case .bytes(let count):
                // Typed and contiguous, so the append is one copy (a raw buffer is appended byte by byte).
                inbound.append(contentsOf: UnsafeBufferPointer(rebasing: loop.readBytes[0..<count]))
                pump()
                // A short read emptied the socket: reading again would only return EAGAIN (a
                // wasted syscall on almost every request). The readiness set is level-triggered,
                // so more bytes, or the peer's FIN, report the socket again.
                if count < loop.readBuffer.count { return }
            case .wouldBlock:
                return
            case .endOfFile:
                perform(machine.peerClosed())
                return
            case .failed:
                perform(machine.socketFailed())
                return
            }
        }
    }

    /// Reads and drops input after our side is shut down. Returns false when reading should stop.
    private func discardInput() -> Bool {
        switch Socket.read(fd, into: loop.readBuffer) {
        case .bytes(let count):
            drainedBytes += count
            if drainedBytes > Self.maxDrainBytes { close(); return false }
            return true
        case .wouldBlock:
            return false
        case .endOfFile, .failed:
            close()
            return false
        }
    }

    /// Answers every complete head in the buffer, then writes; repeats only when backpressure
    /// (a full output queue) held back pipelined requests that writing has now made room for.
    private func pump() {
        // Fairness: a connection with a fast reader and a long stream (or many pipelined requests)
        // gets a few rounds, then yields its loop so other connections' events are served.
        var rounds = 4
        while !isClosed {
            let heldBack = answerBufferedRequests()
            fillFromStream()
            guard flush(), heldBack || activeStream != nil else { return }
            rounds -= 1
            if rounds == 0 {
                loop.queue.async { [self] in if !isClosed { pump() } }
                return
            }
        }
    }

    /// Bytes of a streamed body produced per round; small, so one export never monopolises its loop.
    private static let streamSlice = 64 * 1024

    /// Pulls streamed body chunks until a slice is queued (or the high-water mark) or the body ends.
    private func fillFromStream() {
        let target = min(loop.configuration.outputHighWater, output.byteCount + Self.streamSlice)
        while let (stream, http10) = activeStream, output.byteCount < target {
            var bytes: [UInt8] = []
            switch stream.nextChunk() {
            case .data(let chunk):
                guard !chunk.isEmpty else { continue }
                ResponseSerializer.appendChunk(chunk, http10: http10, to: &bytes)
            case .end:
                ResponseSerializer.appendLastChunk(http10: http10, to: &bytes)
                activeStream = nil
                streamRecord?.bytes += bytes.count
                finishStreamRecord()
            case .abort:
                activeStream = nil
                finishStreamRecord()
                perform(machine.socketFailed())
                return
            }
            streamRecord?.bytes += activeStream == nil ? 0 : bytes.count
            output.append(bytes)
        }
    }

    /// Returns true when it stopped because the output queue is full, with requests still buffered.
    private func answerBufferedRequests() -> Bool {
        let limits = loop.configuration.limits
        defer { settleInput() }
        while machine.acceptsRequests, inbound.count > inboundStart {
            if output.byteCount >= loop.configuration.outputHighWater || activeStream != nil { return true }
            let result = inbound.withUnsafeBytes {
                RequestParser.parse(UnsafeRawBufferPointer(rebasing: $0[inboundStart...]), limits: limits)
            }
            switch result {
            case .incomplete:
                return false
            case .complete(let head, let consumed):
                inboundStart += consumed
                machine.headConsumed(now: Socket.monotonicNow())
                answer(head)
            case .failure(let error):
                machine.requestFailed()
                inboundStart = inbound.count
                let started = loop.observes ? RequestRecord.monotonic() : 0
                let requestID = loop.nextRequestID()
                let bytes = enqueue(
                    loop.handler.errorResponse(for: error, origin: nil), keepAlive: false, http10: false,
                    omitBody: false,
                    requestID: requestID)
                if loop.observes {
                    loop.completed(
                        RequestRecord(
                            time: RequestRecord.now(), requestID: requestID, method: "-", target: "-",
                            status: Int(error.status.code),
                            bytes: bytes, seconds: RequestRecord.monotonic() - started, client: peer, route: nil))
                }
            }
        }
        return false
    }

    private func settleInput() {
        if inboundStart == inbound.count {
            inbound.removeAll(keepingCapacity: inbound.capacity <= 64 * 1024)
            inboundStart = 0
        } else if inboundStart > 32 * 1024 {
            inbound.removeFirst(inboundStart)
            inboundStart = 0
        }
        machine.inputSettled(partialHeadBuffered: inbound.count > inboundStart, now: Socket.monotonicNow())
        setReadSuspended(output.byteCount >= loop.configuration.outputHighWater)
    }

    private func answer(_ head: RequestHead) {
        let started = loop.observes ? RequestRecord.monotonic() : 0
        let keepAlive = machine.requestReceived(keepAlive: head.keepAlive)
        let requestID = loop.requestID(for: head)
        var response: HTTPResponse
        // A CORS preflight is not limited: a browser rejects any preflight answer but a 2xx, so a
        // 429 there would reach the page as a bare network error, without its Retry-After; the
        // request it clears is limited (and browsers cache preflights, `Access-Control-Max-Age`).
        let preflight = head.method == .options && head.value(of: "access-control-request-method") != nil
        let limit = preflight ? nil : loop.rateLimiter?.take(client: peer, now: Socket.monotonicNow())
        if let limit, !limit.allowed {
            response = loop.handler.errorResponse(
                for: .tooManyRequests(retryAfter: limit.resetSeconds), origin: head.value(of: "origin"))
            response.addHeader("Retry-After", String(limit.resetSeconds))
        } else if !head.method.isKnown {
            response = loop.handler.errorResponse(
                for: .notImplemented("The method \(head.method.name) is not implemented; use GET, HEAD or OPTIONS."),
                origin: head.value(of: "origin"))
        } else if head.targetForm == .asterisk {
            response = HTTPResponse(status: .noContent, headers: [("Allow", HTTPMethod.readOnlyAllowList)])
        } else {
            response = loop.handler.handle(HTTPRequest(head: head, requestID: requestID))
        }
        if let limit {
            // draft-ietf-httpapi-ratelimit-headers: the client's allowance, on every response.
            response.addHeader("RateLimit-Limit", String(limit.limit))
            response.addHeader("RateLimit-Remaining", String(limit.remaining))
            response.addHeader("RateLimit-Reset", String(limit.resetSeconds))
        }
        let bytes = enqueue(
            response, keepAlive: keepAlive, http10: head.isHTTP10, omitBody: head.method == .head, requestID: requestID)
        guard loop.observes else { return }
        // The target string and wall-clock time are for the log only; metrics need neither.
        let logs = loop.logsRequests
        let record = RequestRecord(
            time: logs ? RequestRecord.now() : 0, requestID: requestID, method: head.method.name,
            target: logs ? head.target : "",
            status: Int(response.status.code), bytes: bytes, seconds: 0, client: peer, route: response.route)
        if activeStream != nil {
            streamRecord = record
            streamStarted = started
        } else {
            var done = record
            done.seconds = RequestRecord.monotonic() - started
            loop.completed(done)
        }
    }

    private func finishStreamRecord() {
        guard var record = streamRecord else { return }
        record.seconds = RequestRecord.monotonic() - streamStarted
        streamRecord = nil
        loop.completed(record)
    }

    /// Serializes and queues a response; returns the bytes queued (a streamed body's come later).
    @discardableResult
    private func enqueue(
        _ response: HTTPResponse, keepAlive requested: Bool, http10: Bool, omitBody: Bool, requestID: String
    ) -> Int {
        let streamed = response.bodyStream != nil
        var keepAlive = requested
        if streamed && http10 && !omitBody {
            // Without chunked coding an HTTP/1.0 client learns the end of the body from the close.
            keepAlive = false
            machine.closeAfterResponse()
        }
        if streamed && !omitBody, let stream = response.bodyStream { activeStream = (stream, http10) }
        var framing = ResponseSerializer.Framing(keepAlive: keepAlive, http10: http10, omitBody: omitBody)
        framing.streamed = streamed
        let bytes = ResponseSerializer.serialize(
            response, framing: framing, date: loop.dateBytes(), requestID: requestID)
        output.append(bytes)
        return bytes.count
    }

    // MARK: Writing

    /// Writes what it can. Returns true when everything queued went out and the connection is open.
    @discardableResult
    private func flush() -> Bool {
        guard !isClosed else { return false }
        guard !output.isEmpty else { return true }
        let now = Socket.monotonicNow()
        switch output.flush(to: fd) {
        case .flushed:
            machine.writeProgressed(now: now)
            setWriteArmed(false)
            // Mid-stream the response is not finished: keep pumping rather than report it flushed.
            if activeStream != nil { return true }
            perform(machine.outputFlushed(now: now))
            if !isClosed && !machine.isDraining { setReadSuspended(false) }
            return !isClosed && !machine.isDraining
        case .blocked(let progressed):
            if progressed { machine.writeProgressed(now: now) }
            machine.writeStalled(now: now)
            setWriteArmed(true)
            return false
        case .failed:
            perform(machine.socketFailed())
            return false
        }
    }

    private func writable() {
        guard flush() else { return }
        pump()
    }

    private func setWriteArmed(_ armed: Bool) {
        guard armed != writeArmed, !isClosed else { return }
        writeArmed = armed
        loop.readiness.change(fd, token: token, interest: interest)
    }

    private func setReadSuspended(_ suspended: Bool) {
        guard suspended != readSuspended, !isClosed else { return }
        readSuspended = suspended
        loop.readiness.change(fd, token: token, interest: interest)
    }

    // MARK: Policy actions

    private func perform(_ action: ConnectionStateMachine.Action) {
        switch action {
        case .none:
            break
        case .close:
            close()
        case .halfCloseAndDrain:
            Socket.shutdownWrite(fd)
            setReadSuspended(false)
        case .respondTimeoutThenClose:
            inboundStart = inbound.count
            enqueue(
                loop.handler.errorResponse(for: .requestTimeout, origin: nil), keepAlive: false, http10: false,
                omitBody: false,
                requestID: loop.nextRequestID())
            flush()
        }
    }

    func tick(now: MonotonicInstant) {
        guard !isClosed else { return }
        perform(machine.tick(now: now))
    }

    func quiesce() {
        guard !isClosed else { return }
        perform(machine.quiesce(now: Socket.monotonicNow()))
    }

    /// Leaves the readiness set, then closes the descriptor. Both happen on the loop's queue, where
    /// readiness is delivered, and delivery checks the token: a recycled descriptor number can
    /// never receive events meant for this connection.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        machine.closed()
        output.removeAll()
        activeStream = nil
        finishStreamRecord()
        loop.readiness.remove(fd)
        Socket.close(fd)
        loop.connectionClosed(self)
    }
}

import Dispatch
import Glibc

/// What a connection above `maxConnections` gets: the application's 503 (by default a plain
/// problem document), framed by `ResponseSerializer` like every other response — `Date`, an
/// `X-Request-Id`, the true `Content-Length` — then a lingering close: the write side is shut and
/// whatever the client already sent is read and dropped until it closes too (or 2 s pass), so a
/// client that sent its request at once reads the 503 instead of a connection reset.
///
/// Runs on the accept queue only. At most `maxLingering` sockets linger at once; past that a
/// socket is closed at once, so a flood of refused clients cannot hold descriptors.
// @unchecked: every member is touched on `queue` (the accept queue) only.
final class OverloadAnswer: @unchecked Sendable {
    static let lingerMilliseconds = 2_000
    static let maxLingering = 256
    static let maxDrainBytes = 65_536

    private let queue: DispatchQueue
    private let response: HTTPResponse
    private var dates = DateCache()
    private var answered = 0
    /// Sockets being drained, with how many bytes each has sent since.
    private var lingering: [Int32: (source: any DispatchSourceRead, drained: Int, answer: Int)] = [:]

    init(queue: DispatchQueue, response: HTTPResponse) {
        self.queue = queue
        self.response = response
    }

    /// A generic 503 for servers whose application supplies none.
    static let defaultResponse = HTTPResponse(
        status: .serviceUnavailable, contentType: "application/problem+json; charset=utf-8",
        headers: [("Retry-After", "1")],
        body: Array(
            #"{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"Too many open connections; retry after 1 second."}"#
                .utf8))

    func answer(_ fd: Int32, requestIDPrefix: String) {
        answered += 1
        let bytes = ResponseSerializer.serialize(
            response, framing: .init(keepAlive: false, http10: false, omitBody: false), date: dates.current(),
            requestID: "\(requestIDPrefix)-o\(answered)")
        bytes.withUnsafeBytes { _ = Socket.send(fd, $0) }
        guard lingering.count < Self.maxLingering else {
            Socket.close(fd)
            return
        }
        Socket.shutdownWrite(fd)
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [self] in drain(fd) }
        source.setCancelHandler { Socket.close(fd) }
        lingering[fd] = (source, 0, answered)
        source.activate()
        let answer = answered
        queue.asyncAfter(deadline: .now() + .milliseconds(Self.lingerMilliseconds)) { [self] in finish(fd, answer) }
    }

    private func drain(_ fd: Int32) {
        guard let entry = lingering[fd] else { return }
        var scratch = [UInt8](repeating: 0, count: 4096)
        switch scratch.withUnsafeMutableBytes({ Socket.read(fd, into: $0) }) {
        case .bytes(let count):
            lingering[fd]?.drained += count
            if entry.drained + count > Self.maxDrainBytes { finish(fd, entry.answer) }
        case .wouldBlock: break
        case .endOfFile, .failed: finish(fd, entry.answer)
        }
    }

    /// Cancels the drain (its cancel handler closes the socket). The deadline may fire after the
    /// descriptor number was closed and reused by a later refused socket: the answer number tells them apart.
    private func finish(_ fd: Int32, _ answer: Int) {
        guard let entry = lingering[fd], entry.answer == answer else { return }
        lingering[fd] = nil
        entry.source.cancel()
    }
}

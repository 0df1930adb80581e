import CSocketShims
import Dispatch
import Glibc

/// The sockets of one event loop in one epoll set, watched by a single Dispatch read source.
///
/// Why not a Dispatch source per socket: libdispatch on Linux delivers every event of every
/// source through its manager thread, which re-arms the descriptor (two `epoll_ctl`), asks its
/// size (`FIONREAD`) and wakes a worker for the target queue — a fixed cost and a context switch
/// per request, whatever the request does. An epoll set is itself a pollable descriptor: Dispatch
/// wakes the loop's queue when any socket in it is ready, and the loop then takes every ready
/// socket in one `epoll_wait` and answers them all in that one wake-up. Registrations are
/// level-triggered and stay armed, so a request costs a `read` and a `send`, nothing per event.
///
/// Confinement: used only on its loop's queue (the source targets it).
// @unchecked: confined to its loop's serial queue (see above).
final class ReadinessSet: @unchecked Sendable {
    /// What a socket is waiting for.
    struct Interest: Equatable {
        var read: Bool
        var write: Bool

        /// The epoll mask (errors and hang-ups are always reported, asked or not).
        var mask: UInt32 {
            (read ? UInt32(EPOLLIN.rawValue) | UInt32(EPOLLRDHUP.rawValue) : 0)
                | (write ? UInt32(EPOLLOUT.rawValue) : 0)
        }
    }

    /// What a socket became ready for.
    struct Readiness {
        var readable: Bool
        var writable: Bool
        /// An error or hang-up: reported even when nothing is asked, so it must be acted on.
        var failed: Bool
    }

    private let descriptor: Int32
    private let source: any DispatchSourceRead
    private static let capacity = 256
    private let tokens = UnsafeMutablePointer<UInt64>.allocate(capacity: ReadinessSet.capacity)
    private let masks = UnsafeMutablePointer<UInt32>.allocate(capacity: ReadinessSet.capacity)
    /// Batches taken per wake-up at most: more keeps a busy loop's thread on its sockets without a
    /// hand-off (as a blocking epoll loop would), fewer lets queued work (timers, new connections) in.
    private static let roundsPerWakeUp = 16

    /// Throws `SocketError` when the kernel refuses an epoll set (out of descriptors).
    init(queue: DispatchQueue) throws {
        descriptor = parley_epoll_create()
        guard descriptor >= 0 else { throw SocketError(operation: "epoll_create1", errno: errno) }
        source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
    }

    deinit {
        tokens.deallocate()
        masks.deallocate()
    }

    /// Starts delivering readiness to `deliver(token, readiness)` on the queue.
    func start(_ deliver: @escaping (UInt64, Readiness) -> Void) {
        source.setEventHandler { [unowned self] in self.drain(deliver) }
        source.setCancelHandler { [descriptor] in Socket.close(descriptor) }
        source.activate()
    }

    func stop() {
        source.cancel()
    }

    /// Watches `fd`; returns false when the kernel refuses (the caller closes the socket).
    func add(_ fd: Int32, token: UInt64, interest: Interest) -> Bool {
        parley_epoll_control(descriptor, EPOLL_CTL_ADD, fd, interest.mask, token) == 0
    }

    func change(_ fd: Int32, token: UInt64, interest: Interest) {
        _ = parley_epoll_control(descriptor, EPOLL_CTL_MOD, fd, interest.mask, token)
    }

    /// Stops watching `fd`; call before closing it.
    func remove(_ fd: Int32) {
        _ = parley_epoll_control(descriptor, EPOLL_CTL_DEL, fd, 0, 0)
    }

    private func drain(_ deliver: (UInt64, Readiness) -> Void) {
        let readMask = UInt32(EPOLLIN.rawValue) | UInt32(EPOLLRDHUP.rawValue)
        let failMask = UInt32(EPOLLERR.rawValue) | UInt32(EPOLLHUP.rawValue)
        let writeMask = UInt32(EPOLLOUT.rawValue)
        for _ in 0..<Self.roundsPerWakeUp {
            let count = Int(parley_epoll_poll(descriptor, tokens, masks, Int32(Self.capacity)))
            guard count > 0 else { return }
            for index in 0..<count {
                let mask = masks[index]
                deliver(
                    tokens[index],
                    Readiness(
                        readable: mask & readMask != 0, writable: mask & writeMask != 0, failed: mask & failMask != 0))
            }
        }
    }
}

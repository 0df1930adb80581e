/// Response bytes waiting for the socket, in order. Writes as much as the socket takes and
/// reports how far it got, so the connection can apply backpressure instead of buffering forever.
struct OutputQueue {
    private var chunks: [[UInt8]] = []
    private var offset = 0
    private(set) var byteCount = 0

    var isEmpty: Bool { byteCount == 0 }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        chunks.append(bytes)
        byteCount += bytes.count
    }

    enum FlushResult: Equatable {
        /// Everything was written.
        case flushed
        /// The socket buffer is full; `progressed` tells whether any byte went out.
        case blocked(progressed: Bool)
        case failed
    }

    /// Sends until the queue is empty or the socket would block.
    mutating func flush(to fd: Int32) -> FlushResult {
        var progressed = false
        while let first = chunks.first {
            let result = first.withUnsafeBytes { bytes in
                Socket.send(fd, UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            }
            switch result {
            case .bytes(let n):
                progressed = progressed || n > 0
                offset += n
                byteCount -= n
                if offset == first.count {
                    chunks.removeFirst()
                    offset = 0
                }
            case .wouldBlock:
                return .blocked(progressed: progressed)
            case .endOfFile, .failed:
                return .failed
            }
        }
        return .flushed
    }

    mutating func removeAll() {
        chunks.removeAll()
        offset = 0
        byteCount = 0
    }
}

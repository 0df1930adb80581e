import FoundationEssentials
import CZlib
import HTTPServer

/// gzip (RFC 1952) with the system zlib: whole bodies, or a stream compressed chunk by chunk.
final class Gzip {
    private var stream = z_stream()
    private var open = false

    /// Bodies smaller than this gain too little to be worth compressing.
    static let threshold = 1024

    init?(level: Int32 = 5) {
        guard parley_gzip_init(&stream, level) == Z_OK else { return nil }
        open = true
    }

    deinit {
        if open { deflateEnd(&stream) }
    }

    /// Compresses `input`; `finish` ends the gzip member, otherwise a sync flush makes the bytes
    /// so far decodable (so a streamed export can be read as it arrives).
    func compress(_ input: [UInt8], finish: Bool) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: max(1024, input.count / 2 + 64))
        var status: Int32 = Z_OK
        var source = input
        source.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = UInt32(inputBuffer.count)
            repeat {
                buffer.withUnsafeMutableBufferPointer { outputBuffer in
                    stream.next_out = outputBuffer.baseAddress
                    stream.avail_out = UInt32(outputBuffer.count)
                    status = deflate(&stream, finish ? Z_FINISH : Z_SYNC_FLUSH)
                    output.append(contentsOf: outputBuffer[0..<(outputBuffer.count - Int(stream.avail_out))])
                }
            } while stream.avail_out == 0 && status == Z_OK
        }
        stream.next_in = nil
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { return nil }
        return output
    }

    static func compress(_ body: [UInt8]) -> [UInt8]? {
        Gzip()?.compress(body, finish: true)
    }

    /// Whether the client accepts gzip (RFC 9110 §12.5.3): listed (or `*`) with a non-zero q.
    /// Byte scans: this runs on every request, and both Foundation's trimming (NSString on
    /// Linux) and splitting a String by Characters cost more than the rest of routing.
    private static let gzipLetters: [UInt8] = Array("gzip".utf8)

    /// Whether the header contains `*` or `gzip` in any case: a byte scan, no allocation.
    private static func mayName(_ header: String) -> Bool {
        var matched = 0
        for byte in header.utf8 {
            if byte == UInt8(ascii: "*") { return true }
            let lower = byte | 0x20
            if lower == gzipLetters[matched] {
                matched += 1
                if matched == 4 { return true }
            } else {
                matched = lower == 0x67 ? 1 : 0
            }
        }
        return false
    }

    static func accepted(_ header: String?) -> Bool {
        guard let header else { return false }
        // Most requests send no gzip at all (`identity`, `br`): without a "gzip" or "*" in the
        // header there is nothing to parse.
        guard Self.mayName(header) else { return false }
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        func trimmed(_ bytes: Substring.UTF8View) -> String {
            guard let first = bytes.firstIndex(where: { $0 != space && $0 != tab }),
                let last = bytes.lastIndex(where: { $0 != space && $0 != tab })
            else { return "" }
            return String(Substring(bytes[first...last])).lowercased()
        }
        for coding in header.utf8.split(separator: UInt8(ascii: ",")) {
            let parts = coding.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
            let name = trimmed(parts[0])
            guard name == "gzip" || name == "x-gzip" || name == "*" else { continue }
            var q = 1.0
            for parameter in parts.dropFirst() {
                let text = trimmed(parameter)
                if text.hasPrefix("q=") { q = Double(text.dropFirst(2)) ?? 0 }
            }
            if q > 0 { return true }
        }
        return false
    }
}

/// A streamed body passed through gzip.
final class GzipStream: HTTPBodyStream {
    private let inner: any HTTPBodyStream
    private let gzip: Gzip
    private var done = false

    init?(_ inner: any HTTPBodyStream) {
        guard let gzip = Gzip() else { return nil }
        self.inner = inner
        self.gzip = gzip
    }

    func nextChunk() -> HTTPBodyChunk {
        guard !done else { return .end }
        switch inner.nextChunk() {
        case .data(let bytes):
            return gzip.compress(bytes, finish: false).map(HTTPBodyChunk.data) ?? .abort
        case .end:
            done = true
            return gzip.compress([], finish: true).map(HTTPBodyChunk.data) ?? .abort
        case .abort:
            return .abort
        }
    }
}

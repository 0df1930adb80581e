import Glibc

/// Access log lines, one per request, on standard output. Each event loop keeps its own buffer
/// and writes whole lines with one `write(2)` when it holds 16 KiB, on every deadline tick and at
/// shutdown — so logging costs no lock and no syscall per request, and lines never interleave.
public enum AccessLogFormat: String, Sendable, CaseIterable {
    /// One JSON object per line: time, request_id, method, path, status, bytes, duration_ms, client, route.
    case json
    /// Common-log-like text: `client - - [time] "METHOD target" status bytes duration_ms request_id`.
    case text
    case off
}

/// Formats records straight into one preallocated byte buffer (no `String` per line, no
/// interpolation; the timestamp's date and time of day are formatted once per second), so the
/// default JSON log costs a few hundred instructions per request, not a third of the throughput.
struct AccessLogBuffer {
    let format: AccessLogFormat
    let fd: Int32
    private var pending: [UInt8] = []
    /// `2026-11-23T21:04:05.` for `prefixSecond`, reused until the second changes.
    private var prefix: [UInt8] = []
    private var prefixSecond = -1
    private static let flushAt = 16 * 1024

    init(format: AccessLogFormat, fd: Int32 = STDOUT_FILENO) {
        self.format = format
        self.fd = fd
        if format != .off { pending.reserveCapacity(Self.flushAt + 4096) }
    }

    mutating func append(_ record: RequestRecord) {
        switch format {
        case .off:
            return
        case .json:
            Self.append(#"{"time":""#, to: &pending)
            appendTimestamp(record.time)
            Self.append(#"","request_id":"#, to: &pending)
            Self.quote(record.requestID, into: &pending)
            Self.append(#","method":"#, to: &pending)
            Self.quote(record.method, into: &pending)
            Self.append(#","path":"#, to: &pending)
            Self.quote(record.target, into: &pending)
            Self.append(#","status":"#, to: &pending)
            Self.appendDecimal(record.status, to: &pending)
            Self.append(#","bytes":"#, to: &pending)
            Self.appendDecimal(record.bytes, to: &pending)
            Self.append(#","duration_ms":"#, to: &pending)
            Self.appendMilliseconds(record.seconds, to: &pending)
            Self.append(#","client":"#, to: &pending)
            Self.quote(record.client, into: &pending)
            Self.append(#","route":"#, to: &pending)
            if let route = record.route { Self.quote(route, into: &pending) } else { Self.append("null", to: &pending) }
            Self.append("}\n", to: &pending)
        case .text:
            if record.client.isEmpty {
                pending.append(UInt8(ascii: "-"))
            } else {
                Self.append(record.client, to: &pending)
            }
            Self.append(" - - [", to: &pending)
            appendTimestamp(record.time)
            Self.append("] \"", to: &pending)
            Self.append(record.method, to: &pending)
            pending.append(UInt8(ascii: " "))
            Self.append(record.target, to: &pending)
            Self.append("\" ", to: &pending)
            Self.appendDecimal(record.status, to: &pending)
            pending.append(UInt8(ascii: " "))
            Self.appendDecimal(record.bytes, to: &pending)
            pending.append(UInt8(ascii: " "))
            Self.appendMilliseconds(record.seconds, to: &pending)
            pending.append(UInt8(ascii: " "))
            Self.append(record.requestID, to: &pending)
            pending.append(UInt8(ascii: "\n"))
        }
        if pending.count >= Self.flushAt { flush() }
    }

    mutating func flush() {
        guard !pending.isEmpty else { return }
        FileOutput.write(pending, to: fd)
        pending.removeAll(keepingCapacity: true)
    }

    /// RFC 3339 UTC with milliseconds: `2026-11-23T21:04:05.123Z`.
    private mutating func appendTimestamp(_ time: Double) {
        let second = Int(time)
        if second != prefixSecond {
            prefixSecond = second
            prefix = Array(RequestRecord.timestamp(Double(second)).utf8.dropLast(4))
        }
        pending += prefix
        let millis = min(999, max(0, Int((time - Double(second)) * 1000)))
        Self.appendDigits(millis, width: 3, to: &pending)
        pending.append(UInt8(ascii: "Z"))
    }

    /// A literal's bytes in one copy (appending `"…".utf8` goes through the generic,
    /// byte-by-byte `append(contentsOf:)`: most of the log's cost, by callgrind's count).
    private static func append(_ literal: StaticString, to out: inout [UInt8]) {
        literal.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// A string's bytes in one copy.
    private static func append(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        )
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0 && count < 10
        }
        if magnitude > 0 {  // beyond ten digits: rare enough for the general path
            out += String(value.magnitude).utf8
            return
        }
        withUnsafeBytes(of: &digits) { buffer in
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }

    /// `value` with leading zeros to `width` digits (value < 10^width).
    static func appendDigits(_ value: Int, width: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Three decimals: microsecond resolution is what the clock gives usefully.
    static func appendMilliseconds(_ seconds: Double, to out: inout [UInt8]) {
        let micros = max(0, Int((seconds * 1_000_000).rounded()))
        appendDecimal(micros / 1000, to: &out)
        out.append(UInt8(ascii: "."))
        appendDigits(micros % 1000, width: 3, to: &out)
    }

    /// A JSON string; the target is raw client bytes, so every control character is escaped.
    static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Almost every value needs no escaping: copy it in one go.
        let copied: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes
            where byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return false
            }
            out.append(contentsOf: bytes)
            return true
        }
        if copied == true {
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                out += #"\u00"#.utf8
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

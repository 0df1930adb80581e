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

struct AccessLogBuffer {
    let format: AccessLogFormat
    let fd: Int32
    private var pending: [UInt8] = []

    init(format: AccessLogFormat, fd: Int32 = STDOUT_FILENO) {
        self.format = format
        self.fd = fd
    }

    mutating func append(_ record: RequestRecord) {
        switch format {
        case .off:
            return
        case .json:
            var line = "{\"time\":\"\(RequestRecord.timestamp(record.time))\",\"request_id\":"
            Self.quote(record.requestID, into: &line)
            line += ",\"method\":"
            Self.quote(record.method, into: &line)
            line += ",\"path\":"
            Self.quote(record.target, into: &line)
            line +=
                ",\"status\":\(record.status),\"bytes\":\(record.bytes),\"duration_ms\":\(Self.milliseconds(record.seconds)),\"client\":"
            Self.quote(record.client, into: &line)
            line += ",\"route\":"
            if let route = record.route { Self.quote(route, into: &line) } else { line += "null" }
            line += "}\n"
            pending += line.utf8
        case .text:
            pending +=
                "\(record.client.isEmpty ? "-" : record.client) - - [\(RequestRecord.timestamp(record.time))] \"\(record.method) \(record.target)\" \(record.status) \(record.bytes) \(Self.milliseconds(record.seconds)) \(record.requestID)\n"
                .utf8
        }
        if pending.count >= 16 * 1024 { flush() }
    }

    mutating func flush() {
        guard !pending.isEmpty else { return }
        pending.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 { offset += written } else if written < 0 && errno == EINTR { continue } else { break }
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Three decimals: microsecond resolution is what the clock gives usefully.
    static func milliseconds(_ seconds: Double) -> String {
        let micros = Int((seconds * 1_000_000).rounded())
        let fraction = String(micros % 1000)
        return "\(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// A JSON string; the target is raw client bytes, so every control character is escaped.
    static func quote(_ text: String, into line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }
}

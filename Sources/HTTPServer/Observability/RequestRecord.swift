import Glibc

/// What the server knows about one answered request, for the access log and the metrics.
public struct RequestRecord: Sendable {
    /// Wall-clock time the request head was parsed, as seconds since the epoch.
    public var time: Double
    public var requestID: String
    public var method: String
    /// The request target as sent (path and query).
    public var target: String
    public var status: Int
    /// Bytes written for the response, head and body (for a streamed body, when it ends).
    public var bytes: Int
    /// From the parsed head to the response queued in full (a stream: to its last chunk queued).
    public var seconds: Double
    public var client: String
    /// The route pattern the service matched (`/v1/talks/{id}`), nil when none did.
    public var route: String?

    /// The current wall-clock time in seconds since the epoch (with sub-millisecond precision).
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// A monotonic reading in seconds, for durations.
    static func monotonic() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// RFC 3339 UTC with milliseconds: `2026-11-23T21:04:05.123Z`.
    static func timestamp(_ time: Double) -> String {
        let seconds = Int(time)
        return HTTPDate.rfc3339(seconds, milliseconds: min(999, max(0, Int((time - Double(seconds)) * 1000))))
    }
}

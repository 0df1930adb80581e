import Synchronization

/// Per-client token buckets: each client (remote address) may make `rate` requests a second on
/// average, in bursts of up to `burst`. Shared by every loop, so a client cannot escape its limit
/// by opening connections that land on different loops.
public final class RateLimiter: Sendable {
    public struct Decision: Sendable, Equatable {
        public let allowed: Bool
        public let limit: Int
        public let remaining: Int
        /// Seconds until a token is available again (when refused) or the bucket is full.
        public let resetSeconds: Int
    }

    private struct Bucket {
        var tokens: Double
        var updated: Int64
    }

    public let rate: Double
    public let burst: Int
    /// Buckets kept at most; when exceeded, full (idle) buckets are dropped first.
    private let maxClients: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(rate: Double, burst: Int, maxClients: Int = 100_000) {
        self.rate = max(0.001, rate)
        self.burst = max(1, burst)
        self.maxClients = maxClients
    }

    public func take(client: String, now: MonotonicInstant) -> Decision {
        buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: Double(burst), updated: now.milliseconds)
            let elapsed = Double(max(0, now.milliseconds - bucket.updated)) / 1000
            bucket.tokens = min(Double(burst), bucket.tokens + elapsed * rate)
            bucket.updated = now.milliseconds
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            if buckets[client] == nil && buckets.count >= maxClients {
                evict(&buckets, now: now)
            }
            buckets[client] = bucket
            let missing = allowed ? Double(burst) - bucket.tokens : 1 - bucket.tokens
            return Decision(
                allowed: allowed, limit: burst, remaining: Int(bucket.tokens),
                resetSeconds: max(1, Int((missing / rate).rounded(.up))))
        }
    }

    /// Drops the buckets that would be full by now (clients that have gone quiet), or, if none
    /// are, the oldest half: memory stays bounded whatever addresses arrive.
    private func evict(_ buckets: inout [String: Bucket], now: MonotonicInstant) {
        let refill = Int64(Double(burst) / rate * 1000)
        buckets = buckets.filter { now.milliseconds - $0.value.updated < refill }
        if buckets.count >= maxClients {
            let cutoff = buckets.values.map(\.updated).sorted()[buckets.count / 2]
            buckets = buckets.filter { $0.value.updated > cutoff }
        }
    }
}

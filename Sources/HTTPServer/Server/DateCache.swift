import Glibc

/// The `Date` header value (IMF-fixdate), formatted at most once per second per event loop.
struct DateCache {
    private var second: time_t = -1
    private(set) var bytes: [UInt8] = []

    mutating func current() -> [UInt8] {
        let now = time(nil)
        if now != second {
            second = now
            bytes = Array(HTTPDate.imfFixdate(Int(now)).utf8)
        }
        return bytes
    }
}

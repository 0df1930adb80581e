/// Counts already taken, per event loop. The store is immutable while served, so a count of the
/// same filters never changes: paging through a list (every page reports `total`), a frontend
/// repeating a query, or a search's facets cost their O(matches) count once, not on every request.
/// Bounded: when full, the oldest half is dropped (no per-hit bookkeeping on the hot path), and
/// keys over 512 bytes (a long hand-written query) are counted but not kept, so the cache holds
/// at most about 2 MB per loop whatever clients send.
final class CountCache {
    private var counts: [String: [Int]] = [:]
    private var order: [String] = []
    let capacity: Int

    init(capacity: Int = 4_096) {
        self.capacity = capacity
    }

    /// The cached counts for `key`, or those `compute` returns (then kept).
    func counts(for key: String, _ compute: () throws -> [Int]) rethrows -> [Int] {
        guard key.utf8.count <= 512 else { return try compute() }
        if let hit = counts[key] { return hit }
        let value = try compute()
        if order.count >= capacity {
            for old in order.prefix(capacity / 2) { counts[old] = nil }
            order.removeFirst(capacity / 2)
        }
        counts[key] = value
        order.append(key)
        return value
    }

    var count: Int { counts.count }
}

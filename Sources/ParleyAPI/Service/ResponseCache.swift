import HTTPServer
import Synchronization

/// Finished `200` answers of cacheable routes, kept by one event loop and bounded in bytes.
///
/// The store is immutable while it is served, so an answer is a function of the path, the query,
/// the representation and the coding — exactly what its ETag names. A hit skips parsing and
/// validating the query, the store, JSON and gzip: what is left per request is the HTTP work.
/// Only whole bodies are kept (never streamed exports), none larger than a sixteenth of the
/// budget, and the oldest entry goes first when a new one needs room. An answer is kept from
/// its second request in a recent window (`admits`): a scan over more distinct URLs than the
/// cache holds would otherwise pay for keeping every answer (measured: 10k instructions more per
/// request, +16 %) and evict everything else, for no hit. Each loop has its own cache
/// (no locks; a popular record is cached once per loop), so the memory it may hold is
/// `budget × loops`, counted in the RSS figures of `Docs/performance.md`.
struct ResponseCache {
    struct Key: Hashable {
        let path: String
        let query: String?
        let format: ResponseFormat
        let gzip: Bool
    }

    struct Entry {
        let response: HTTPResponse
        let etag: String
        let cost: Int
    }

    let budget: Int
    private var entries: [Key: Entry] = [:]
    /// Insertion order, oldest at `head`; slots before `head` are spent.
    private var order: [Key] = []
    private var head = 0
    private(set) var bytes = 0
    private let statistics: ResponseCacheStatistics
    /// The doorkeeper: the hashes of recently missed keys, one per slot (a collision only costs
    /// an early or a late admission).
    private var recentMisses: [Int]
    private static let doorkeeperSlots = 4096

    init(budget: Int, statistics: ResponseCacheStatistics) {
        self.budget = max(0, budget)
        self.statistics = statistics
        self.recentMisses = budget > 0 ? [Int](repeating: 0, count: Self.doorkeeperSlots) : []
    }

    /// Whether a missed answer should be kept: yes when its key missed recently too (remembered
    /// until another key takes its slot), else it is remembered and not kept this time.
    mutating func admits(_ key: Key) -> Bool {
        guard isEnabled else { return false }
        let hash = key.hashValue
        let slot = Int(UInt(bitPattern: hash) % UInt(Self.doorkeeperSlots))
        if recentMisses[slot] == hash { return true }
        recentMisses[slot] = hash
        return false
    }

    var isEnabled: Bool { budget > 0 }

    /// The largest answer worth keeping: a few big lists must not evict hundreds of records.
    var largestEntry: Int { budget / 16 }

    mutating func lookup(_ key: Key) -> Entry? {
        let entry = entries[key]
        statistics.count(hit: entry != nil)
        return entry
    }

    /// Keeps a finished answer; ignores streamed, non-200 and oversized ones.
    mutating func insert(_ key: Key, response: HTTPResponse, etag: String) {
        guard isEnabled, response.status == .ok, response.bodyStream == nil, entries[key] == nil else { return }
        let cost = Self.cost(of: response, key: key, etag: etag)
        guard cost <= largestEntry else { return }
        while bytes + cost > budget, head < order.count {
            let oldest = order[head]
            head += 1
            if let evicted = entries.removeValue(forKey: oldest) { account(-evicted.cost, entries: -1) }
        }
        // Spent slots are dropped once they are most of the array, so the order stays bounded too.
        if head > 64 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
        entries[key] = Entry(response: response, etag: etag, cost: cost)
        order.append(key)
        account(cost, entries: 1)
    }

    private mutating func account(_ cost: Int, entries count: Int) {
        bytes += cost
        statistics.resize(bytes: cost, entries: count)
    }

    /// What an entry holds: its body, header texts, key and tag, plus a fixed allowance for the
    /// dictionary slot, the order slot and the array and string headers.
    static func cost(of response: HTTPResponse, key: Key, etag: String) -> Int {
        var total =
            256 + response.body.count + response.headerBlock.count + key.path.utf8.count + (key.query?.utf8.count ?? 0)
            + etag.utf8.count
        for (name, value) in response.headers { total += 32 + name.utf8.count + value.utf8.count }
        return total + (response.contentType?.utf8.count ?? 0)
    }
}

/// The response caches' counters over all loops, for `/metrics` (each loop adds to them as it
/// goes; relaxed atomics, as they are only ever summed).
final class ResponseCacheStatistics: Sendable {
    private let hits = Atomic<Int>(0)
    private let misses = Atomic<Int>(0)
    private let bytes = Atomic<Int>(0)
    private let entries = Atomic<Int>(0)
    /// Each loop's budget, for the exposition.
    let budgetPerLoop: Int

    init(budgetPerLoop: Int) {
        self.budgetPerLoop = budgetPerLoop
    }

    func count(hit: Bool) {
        if hit { hits.add(1, ordering: .relaxed) } else { misses.add(1, ordering: .relaxed) }
    }

    func resize(bytes delta: Int, entries change: Int) {
        bytes.add(delta, ordering: .relaxed)
        entries.add(change, ordering: .relaxed)
    }

    var snapshot: (hits: Int, misses: Int, bytes: Int, entries: Int) {
        (
            hits.load(ordering: .relaxed), misses.load(ordering: .relaxed), bytes.load(ordering: .relaxed),
            entries.load(ordering: .relaxed)
        )
    }
}

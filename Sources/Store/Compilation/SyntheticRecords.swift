import FoundationEssentials
import Glibc

/// Deterministic synthetic records — `count` per collection, shaped and sized like the real ones —
/// so benchmarks can show how costs grow with the store (10k, 100k, 1M). Generated one record at
/// a time, so even a million never sits in memory. `talks` may differ from `count`: the scale curve
/// grows the collection the benchmark queries without writing ten million records around it.
struct SyntheticRecords {
    let count: Int
    let talks: Int

    init(count: Int, talks: Int? = nil) {
        self.count = count
        self.talks = talks ?? count
    }

    /// Records of the collection whose ids start with `prefix`.
    func count(of prefix: String) -> Int { prefix == "talk" ? talks : count }

    /// The words the benchmark searches for (the peers' list), spread over Zipf ranks 100…2,000 of
    /// the vocabulary so their document frequencies range from a few hundred to a few thousand per
    /// 100,000 records — like the peers' sample database, so a search costs the same kind of work.
    static let searchWords = [
        "ceasefire", "humanitarian", "Aleppo", "Astana", "resolution", "Geneva", "detainees", "convoy",
        "sovereignty", "constitutional", "reconstruction", "Idlib", "evacuation", "OPCW", "drought", "checkpoints",
    ]

    /// Process ids the first ten synthetic processes are also called by, so `?process=astana` works
    /// on a synthetic store as on the peers' (a tenth of the talks each).
    static let processNames = [
        "astana", "geneva", "sochi", "vienna", "constitutional-committee", "humanitarian-task-force",
        "ceasefire-task-force", "brussels-conference", "amman", "riyadh",
    ]

    /// 4,000 words by Zipf rank: generated syllable words, with the search words at fixed ranks.
    private static let vocabulary: [String] = {
        let syllables = [
            "ba", "da", "ka", "la", "ma", "na", "ra", "sa", "ta", "za", "bi", "di", "ki", "li", "mi", "ni",
            "ri", "si", "ti", "zi", "bo", "do", "ko", "lo", "mo", "no", "ro", "so", "to", "zo",
        ]
        var words: [String] = []
        var seed: UInt64 = 0x5EED
        while words.count < 4_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let length = 2 + Int((seed >> 33) % 3)
            words.append((0..<length).map { syllables[Int((seed >> UInt64(8 + 5 * $0)) % 30)] }.joined())
        }
        for (k, word) in searchWords.enumerated() {
            let rank: Double = 100 * Glibc.pow(20, Double(k) / Double(searchWords.count - 1))
            words[Int(rank)] = word
        }
        return words
    }()

    /// Cumulative Zipf (s = 1) weights over the vocabulary, for sampling by binary search.
    private static let cumulative: [Double] = {
        var total = 0.0
        return vocabulary.indices.map { rank in
            total += 1 / Double(rank + 1); return total
        }
    }()

    /// `talk-00042`: fixed width so ids sort like numbers.
    func id(_ prefix: String, _ n: Int) -> String {
        let size = count(of: prefix)
        let digits = String((n - 1) % size + 1)
        return prefix + "-" + String(repeating: "0", count: max(5, String(size).count) - digits.count) + digits
    }

    /// A SplitMix64 step: the same record number always gives the same values.
    private func random(_ n: Int, _ salt: UInt64) -> UInt64 {
        var z = UInt64(truncatingIfNeeded: n) &* 0x9E3779B97F4A7C15 &+ salt
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    private func pick(_ n: Int, _ salt: UInt64, of prefix: String) -> Int {
        Int(random(n, salt) % UInt64(count(of: prefix))) + 1
    }

    private func text(_ n: Int, words length: Int, salt: UInt64 = 77) -> String {
        let total = Self.cumulative[Self.cumulative.count - 1]
        return (0..<length).map { k in
            let u = Double(random(n, UInt64(k) &+ salt) >> 11) / Double(1 << 53) * total
            var low = 0, high = Self.cumulative.count - 1
            while low < high {
                let mid = (low + high) / 2; if Self.cumulative[mid] < u { low = mid + 1 } else { high = mid }
            }
            return Self.vocabulary[low]
        }.joined(separator: " ")
    }

    /// A day between 2012 and 2018, spread evenly over the records.
    private func date(_ n: Int, of size: Int) -> String {
        let day = (n * 2557 / max(1, size)) % 2557
        let year = 2012 + day / 365
        let month = (day % 365) / 31 + 1
        let dom = (day % 365) % 28 + 1
        return PartialDate.format(year, min(month, 12), dom)
    }

    /// Counts such as `talks_count` are left out of synthetic records rather than guessed.
    var derivedFields: DerivedFields { .none }

    func forEach(in spec: CollectionSpec, _ body: (DatasetRecord) throws -> Void) throws {
        for n in 1...max(1, count(of: spec.recordType)) { try body(record(n, spec)) }
    }

    private func record(_ n: Int, _ spec: CollectionSpec) -> DatasetRecord {
        var references: [RecordReference] = []
        func ref(_ field: String, _ collection: String, _ prefix: String, _ salt: UInt64, role: String? = nil)
            -> JSONValue
        {
            let target = id(prefix, pick(n, salt, of: prefix))
            references.append(RecordReference(field: field, collection: collection, id: target, role: role))
            return .string(target)
        }
        let source = id("source", pick(n, 1, of: "source"))
        let line = Int(random(n, 2) % 900) + 1
        let citation = Citation(source: source, from: line, to: line + 2, quote: nil, path: "sources[0]")
        let recordID = id(spec.recordType, n)
        // Text is drawn per collection, so talk 7 and zone 7 do not share their words.
        let textSeed = n &+ spec.name.utf8.reduce(0) { $0 &* 31 &+ Int($1) } << 24
        var title = "\(spec.recordType) \(n): \(text(textSeed, words: 5))"
        let day = date(n, of: count(of: spec.recordType))
        var members: [JSONValue.Member] = [.init("id", .string(recordID))]
        func add(_ key: String, _ value: JSONValue) { members.append(.init(key, value)) }
        let place: JSONValue = .object([
            .init("city", .string("City \(n % 97)")), .init("country", .string("Country \(n % 13)")),
        ])
        switch spec.name {
        case "processes":
            // The first ten are named like the peers' processes ("Astana", alias "astana").
            let named = n <= Self.processNames.count ? Self.processNames[n - 1] : nil
            if let named {
                title = named.prefix(1).uppercased() + named.dropFirst().replacing("-", with: " ")
            }
            add("name", .string(title))
            add("aliases", .array([.string(named ?? "P\(n)")])); add("start_date", .string(day)); add("end_date", .null)
            add("date_precision", .string("day")); add("convenors", .array([ref("convenors", "actors", "actor", 3)]))
        case "talks":
            let process = id("process", n % Self.processNames.count + 1)
            references.append(RecordReference(field: "process", collection: "processes", id: process, role: nil))
            add("process", .string(process)); add("title", .string(title)); add("round", .number(String(n % 12)));
            add("status", .string("held"))
            add("start_date", .string(day)); add("end_date", .string(day)); add("date_precision", .string("day"));
            add("location", place)
            add(
                "participants",
                .array(
                    (0..<4).map { k in
                        let role = ["guarantor", "delegation", "observer", "mediator"][k]
                        return .object([
                            .init("actor", ref("participants.actor", "actors", "actor", 10 + UInt64(k), role: role)),
                            .init("role", .string(role)),
                        ])
                    }))
            add("outcomes", .array([ref("outcomes", "documents", "document", 5)]))
        case "resolutions":
            add("number", .number(String(n))); add("symbol", .string("S/RES/\(n)")); add("title", .string(title));
            add("date", .string(day))
            add("date_precision", .string("day")); add("status", .string(["adopted", "vetoed", "draft"][n % 3]))
            add(
                "vote",
                .object([.init("for", .number("13")), .init("against", .number("0")), .init("abstain", .number("2"))]))
            add("endorses", .array([ref("endorses", "documents", "document", 6)]));
            add("provisions", .array([.string(text(textSeed, words: 12))]))
        case "documents":
            add("kind", .string(["communique", "joint-statement", "memorandum", "agreement"][n % 4]));
            add("title", .string(title))
            add("date", .string(day)); add("date_precision", .string("day"));
            add("issued_by", .array([ref("issued_by", "actors", "actor", 7)]))
            add("adopted_at", ref("adopted_at", "talks", "talk", 8)); add("endorses", .array([]));
            add("provisions", .array([.string(text(textSeed, words: 12))]))
        case "task-forces":
            add("kind", .string(["ceasefire", "humanitarian", "monitoring"][n % 3])); add("name", .string(title));
            add("established_date", .string(day))
            add("date_precision", .string("day")); add("established_by", ref("established_by", "talks", "talk", 9))
            add("chairs", .array([ref("chairs", "actors", "actor", 11)]));
            add("members", .array([ref("members", "actors", "actor", 12)]))
            add("seat", place); add("mandate", .array([.string(text(textSeed, words: 10))]));
            add("valid_from", .string(day)); add("valid_to", .null)
        case "zones":
            let lon = 36 + Double(n % 100) / 100, lat = 33 + Double(n % 50) / 50
            let ring: [JSONValue] = [(lon, lat), (lon + 0.1, lat), (lon + 0.1, lat + 0.1), (lon, lat)].map {
                .array([.number("\($0.0)"), .number("\($0.1)")])
            }
            add("number", .number(String(n))); add("name", .string(title)); add("areas", .array([.string("Area \(n)")]))
            add("governorates", .array([ref("governorates", "places", "place", 13)]));
            add("guarantors", .array([ref("guarantors", "actors", "actor", 14)]))
            add("established_by", ref("established_by", "documents", "document", 15)); add("valid_from", .string(day));
            add("valid_to", .null)
            add(
                "geometry",
                .object([
                    .init("type", .string("Polygon")), .init("coordinates", .array([.array(ring)])),
                    .init("approximate", .bool(true)),
                ]))
        case "actors":
            add("kind", .string(["state", "person", "organisation", "armed-group"][n % 4]));
            add("name", .string("Actor \(n)"))
            add("aliases", .array([.string("A\(n)"), .string("Actor number \(n)")]));
            add("country", .string("Country \(n % 13)"))
        case "places":
            add("kind", .string(["city", "town", "governorate"][n % 3])); add("name", .string("Place \(n)"));
            add("aliases", .array([.string("Pl \(n)")]))
            add("governorate", n == 1 ? .null : ref("governorate", "places", "place", 16))
            add(
                "coordinates",
                .object([
                    .init("lat", .number("\(33 + Double(n % 50) / 10)")),
                    .init("lon", .number("\(36 + Double(n % 40) / 10)")),
                ]))
        case "events":
            add("date", .string(day)); add("date_precision", .string("day"));
            add("kind", .string(["statement", "ceasefire-start", "aid-delivery", "attack"][n % 4]))
            add("title", .string(title));
            add("actors", .array([ref("actors", "actors", "actor", 17), ref("actors", "actors", "actor", 18)]))
            add("places", .array([ref("places", "places", "place", 19)]))
            let talk = id("talk", pick(n, 20, of: "talk"))
            references.append(RecordReference(field: "related", collection: "talks", id: talk, role: nil))
            add("related", .array([.object([.init("type", .string("talk")), .init("id", .string(talk))])]));
            add("figures", .object([.init("people", .number(String(n % 5000)))]))
        default:  // sources
            add("title", .string(title)); add("kind", .string("research-log")); add("publisher", .null);
            add("author", .null); add("published", .string(day))
            add("url", .null); add("file", .string("synthetic-\(n).txt")); add("lines", .number("1000"))
        }
        add("summary", .string(text(textSeed, words: 45, salt: 1_000)))
        add(
            "sources",
            .array([
                .object([
                    .init("source", .string(source)),
                    .init("lines", .array([.number(String(line)), .number(String(line + 2))])),
                ])
            ]))
        let span = spec.spanFields == nil ? nil : day
        return DatasetRecord(
            collection: spec.name, id: recordID, value: .object(members), title: title, spanStart: span, spanEnd: span,
            references: references, citations: [citation])
    }
}

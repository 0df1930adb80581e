import XCTest
@testable import ParleyAPI
import Store
import TestSupport

/// Filters, sorts, cursors, fields, include and formats against the bundled dataset.
final class QuerySurfaceTests: XCTestCase {
    private var api: APITestServer!
    private var dataset: Dataset!

    override func setUpWithError() throws {
        (api, dataset) = try BundledServer.shared()
    }

    func testCursorWalkEqualsUnpagedResultForSeveralSorts() throws {
        for spec in DatasetSchema.collections {
            let keys = SortOrder.keys(for: spec).map(\.name)
            let sorts =
                keys.map { "-" + $0 } + [keys.joined(separator: ","), "-" + keys.reversed().joined(separator: ",-")]
            for sort in sorts {
                let unpaged = try api.walk("/v1/\(spec.name)?limit=1000&sort=\(sort)")
                XCTAssertEqual(unpaged.pages, 1)
                let paged = try api.walk("/v1/\(spec.name)?limit=7&sort=\(sort)")
                XCTAssertEqual(paged.ids, unpaged.ids, "\(spec.name) sort=\(sort)")
                XCTAssertEqual(
                    paged.ids.count, dataset.records(in: spec.name).count, "\(spec.name) sort=\(sort): none missing")
                XCTAssertEqual(Set(paged.ids).count, paged.ids.count, "\(spec.name) sort=\(sort): no duplicates")
            }
        }
    }

    /// Sorting by a field's own name orders by that field's values: dates by their first day,
    /// numbers numerically, text in binary order; records without the value last (first descending).
    func testSortByAFieldNameOrdersByItsValues() throws {
        for spec in DatasetSchema.collections {
            for key in SortOrder.keys(for: spec) {
                guard let field = spec.fields.first(where: { $0.name == key.name }) else { continue }
                for descending in [false, true] {
                    let sort = (descending ? "-" : "") + key.name
                    let rows =
                        try api.json("/v1/\(spec.name)?sort=\(sort)&limit=1000&fields=\(key.name)")["data"]
                        as? [[String: Any]] ?? []
                    XCTAssertEqual(rows.count, dataset.records(in: spec.name).count, "\(spec.name) sort=\(sort)")
                    // A comparable form of each value; absent values as the largest.
                    let values: [String] = rows.map { row in
                        switch (field.type, row[key.name]) {
                        case (.date, let text as String): return PartialDate(text)?.lowerBound ?? text
                        case (.integer, let number as Int): return String(format: "%012d", number)
                        case (_, let text as String): return text
                        default: return key.column == .number ? "" : "\u{10FFFF}"
                        }
                    }
                    let expected = values.sorted {
                        descending
                            ? Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) == false && $0 != $1
                            : Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
                    }
                    XCTAssertEqual(values, expected, "\(spec.name) sort=\(sort)")
                }
            }
        }
    }

    func testDescendingDateIsReverseChronological() throws {
        let ids = try api.walk("/v1/talks?sort=-date,title&limit=1000").ids
        let dates = ids.compactMap { id in dataset.records(in: "talks").first { $0.id == id }?.spanStart }
        XCTAssertEqual(dates, dates.sorted(by: >))
    }

    func testJSONCSVAndNDJSONCarryTheSameRecords() throws {
        let json = try api.walk("/v1/events?limit=1000&fields=title").ids
        let ndjson = try api.get("/v1/events.ndjson?fields=title")
        XCTAssertEqual(ndjson.header("Content-Type"), "application/x-ndjson; charset=utf-8")
        let lines = ndjson.text.split(separator: "\n").map {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        XCTAssertEqual(lines.compactMap { $0?["id"] as? String }, json)

        let csv = try api.get("/v1/events.csv", headers: ["Accept-Encoding": "identity"])
        XCTAssertEqual(csv.header("Content-Type"), "text/csv; charset=utf-8; header=present")
        XCTAssertEqual(csv.header("Transfer-Encoding"), "chunked", "a whole export streams")
        let rows = CSV.parse(csv.text)
        XCTAssertEqual(rows.first?.first, "id")
        XCTAssertEqual(rows.dropFirst().map { $0[0] }, json)
        XCTAssertTrue(rows.allSatisfy { $0.count == rows[0].count }, "every row has every column")
        XCTAssertFalse(csv.text.contains("{\""), "no JSON inside a cell")

        let negotiated = try api.get("/v1/events?limit=5", headers: ["Accept": "text/csv"])
        XCTAssertEqual(CSV.parse(negotiated.text).count, 6)
        XCTAssertNotNil(negotiated.header("Link"), "a paged CSV links to the next page")
    }

    func testHTTP10ExportIsCloseDelimited() throws {
        let client = try RawHTTPClient(port: api.server.port)
        client.send("GET /v1/talks.ndjson HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertNil(response.header("Transfer-Encoding"))
        XCTAssertEqual(response.text.split(separator: "\n").count, dataset.records(in: "talks").count)
    }

    func testFieldsSelectMembersAndIncludeEmbedsRecords() throws {
        let item = try XCTUnwrap(
            try api.json("/v1/talks/astana-4?fields=title,participants&include=participants")["data"] as? [String: Any])
        XCTAssertEqual(Set(item.keys), ["id", "title", "participants"])
        let participant = try XCTUnwrap((item["participants"] as? [[String: Any]])?.first)
        let actor = try XCTUnwrap(participant["actor"] as? [String: Any])
        XCTAssertEqual(actor["type"] as? String, "actor")
        XCTAssertEqual(actor["url"] as? String, "/v1/actors/\(actor["id"] as? String ?? "")")
        XCTAssertNotNil(actor["title"] as? String)
        let bad = try api.get("/v1/talks?fields=titel&include=nothing")
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(
            Set(
                ((bad.json() as? [String: Any])?["errors"] as? [[String: String]] ?? []).compactMap { $0["parameter"] }),
            ["fields", "include"])
    }

    func testAliasesResolveInFilters() throws {
        let byID = try api.walk("/v1/events?actor=jabhat-al-nusra&limit=1000").ids
        XCTAssertFalse(byID.isEmpty)
        for alias in ["ANF", "anf", "Nusra", "Jabhat%20al-Nusra", "al-Nusra%20Front"] {
            XCTAssertEqual(try api.walk("/v1/events?actor=\(alias)&limit=1000").ids, byID, alias)
        }
        let deir = try api.walk("/v1/events?place=deir-ez-zor&limit=1000").ids
        for alias in ["Deir%20ez-Zor", "Deir%20al-Zour", "Deir%20Ez%20Zour", "DEIR%20AL%20ZOUR"] {
            XCTAssertEqual(try api.walk("/v1/events?place=\(alias)&limit=1000").ids, deir, alias)
        }
    }

    func testAliasesExpandInSearch() throws {
        func topIDs(_ q: String) throws -> Set<String> {
            Set(
                ((try api.json("/v1/search?q=\(q)&type=actor&limit=3"))["data"] as? [[String: Any]] ?? []).compactMap {
                    $0["id"] as? String
                })
        }
        for q in ["ANF", "Nusra", "%22Jabhat%20al-Nusra%22"] {
            XCTAssertTrue(try topIDs(q).contains("jabhat-al-nusra"), q)
        }
        for q in ["ISIS", "ISIL", "Daesh"] { XCTAssertTrue(try topIDs(q).contains("islamic-state"), q) }
        let nusra = try api.json("/v1/search?q=Nusra&limit=1")
        let anf = try api.json("/v1/search?q=ANF&limit=1")
        XCTAssertEqual(
            (nusra["meta"] as? [String: Any])?["total"] as? Int, (anf["meta"] as? [String: Any])?["total"] as? Int,
            "every spelling finds the same records")
        // Spellings that differ only in punctuation tokenize differently ("Da'esh" is two tokens): none may be dropped.
        let totals = try ["Daesh", "ISIS", "ISIL", "%22Islamic%20State%22", "Da%27esh"].map {
            ((try api.json("/v1/search?q=\($0)&limit=1"))["meta"] as? [String: Any])?["total"] as? Int
        }
        XCTAssertEqual(Set(totals).count, 1, "\(totals)")
    }

    /// Every name a record is known by in the sources (its title or name and each alias) finds it,
    /// searched as a phrase within its type and used as a filter value where a filter takes it.
    func testEveryNameTheSourcesUseFindsItsRecord() throws {
        var misses: [String] = []
        var searched = 0
        for spec in DatasetSchema.collections where spec.name != "sources" {
            for record in dataset.records(in: spec.name) {
                let names = [record.title] + (record.value["aliases"]?.arrayValue ?? []).compactMap(\.stringValue)
                for name in names {
                    let words = name.split { !($0.isLetter || $0.isNumber) }.map(String.init)
                    guard !words.isEmpty else { continue }
                    let phrase = "\"" + words.joined(separator: " ") + "\""
                    let query = try XCTUnwrap(phrase.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
                    let found = try api.walk("/v1/search?q=\(query)&type=\(spec.recordType)&limit=1000").ids
                    searched += 1
                    if !found.contains(record.id) { misses.append("\(spec.name)/\(record.id) by \(name)") }
                }
            }
        }
        XCTAssertGreaterThan(searched, 500)
        XCTAssertEqual(misses, [], "names that do not find their record")
    }

    /// A record whose other names include an everyday word ("IS", "US", "Ban") is searched by its
    /// other names, never by that word: no hit may rest on "is" alone.
    func testEverydayWordsAmongAliasesDoNotWidenASearch() throws {
        let page = try api.json("/v1/search?q=ISIS&limit=1000")
        let hits = page["data"] as? [[String: Any]] ?? []
        XCTAssertFalse(hits.isEmpty)
        for hit in hits {
            let snippet = (hit["snippet"] as? String ?? "").lowercased()
            let marked = snippet.components(separatedBy: "<mark>").dropFirst().compactMap {
                $0.components(separatedBy: "</mark>").first
            }
            XCTAssertFalse(
                !marked.isEmpty && marked.allSatisfy { $0 == "is" }, "\(hit["id"] ?? "?") matched only 'is': \(snippet)"
            )
        }
        XCTAssertTrue(
            try api.walk("/v1/events?actor=IS&limit=1000").ids.count > 0,
            "as a filter value the alias still names the group")
    }

    func testSearchSyntaxAndFacets() throws {
        let body = try api.json("/v1/search?q=ceasefire&limit=5")
        let meta = try XCTUnwrap(body["meta"] as? [String: Any])
        let facets = try XCTUnwrap((meta["facets"] as? [String: Any])?["type"] as? [String: Int])
        XCTAssertEqual(facets.values.reduce(0, +), meta["total"] as? Int)
        let first = try XCTUnwrap((body["data"] as? [[String: Any]])?.first)
        XCTAssertTrue((first["snippet"] as? String ?? "").contains("<mark>"))
        let scores = (body["data"] as? [[String: Any]] ?? []).compactMap { $0["score"] as? Double }
        XCTAssertEqual(scores, scores.sorted(by: >), "best first")
        XCTAssertEqual(try api.get("/v1/search?q=escal*").status, 200)
        for q in ["aleppo%20ceasefire", "Russia%20Turkey", "aleppo%20(homs%20OR%20idlib)", "ANF%20Aleppo"] {
            XCTAssertEqual(try api.get("/v1/search?q=\(q)").status, 200, "implicit AND next to an expanded name: \(q)")
        }
        XCTAssertEqual(try api.get("/v1/talks?q=russia%20turkey").status, 200)
        XCTAssertEqual(try api.get("/v1/search?q=aleppo%20AND%20(homs%20OR%20idlib)%20NOT%20daraya").status, 200)
        for bad in ["%22open", "(aleppo", "aleppo%20AND", "OR", "", "*"] {
            let response = try api.get("/v1/search?q=\(bad)")
            XCTAssertEqual(response.status, 400, bad)
            XCTAssertEqual(response.header("Content-Type"), "application/problem+json; charset=utf-8", bad)
        }
        XCTAssertEqual(
            try api.walk("/v1/search?q=ceasefire&limit=4").ids.count, (meta["total"] as? Int) ?? -1,
            "search pages through every hit")
    }

    func testRoleLocationAndAsOfFilters() throws {
        let guarantors = try api.walk("/v1/talks?actor=iran&role=guarantor&limit=1000").ids
        XCTAssertFalse(guarantors.isEmpty)
        XCTAssertTrue(guarantors.allSatisfy { $0.hasPrefix("astana") || $0.hasPrefix("sochi") }, "\(guarantors)")
        XCTAssertEqual(
            try api.walk("/v1/actors/iran/talks?role=guarantor&limit=1000").ids, guarantors,
            "the path's actor in that role")
        XCTAssertEqual(
            try api.walk("/v1/actors/russia/talks?role=observer&limit=1000").ids,
            try api.walk("/v1/talks?actor=russia&role=observer&limit=1000").ids)
        let inVienna = try api.walk("/v1/talks?location=vienna&limit=1000").ids
        XCTAssertTrue(inVienna.contains("vienna-issg-2015-11-14"))
        XCTAssertEqual(try api.walk("/v1/talks?location=VIENNA&limit=1000").ids, inVienna)
        XCTAssertEqual(try api.walk("/v1/zones?as_of=2017-06-01").ids.count, 4)
        XCTAssertEqual(try api.walk("/v1/zones?as_of=2016-06-01").ids.count, 0, "before the memorandum")
    }

    func testTimelineMergesTypesInDateOrder() throws {
        let body = try api.json("/v1/timeline?from=2016-02&to=2016-02&limit=1000")
        let items = body["data"] as? [[String: Any]] ?? []
        XCTAssertTrue(
            Set(items.compactMap { $0["type"] as? String }).isSuperset(of: ["talk", "resolution", "document", "event"]))
        let dates = items.compactMap { $0["date"] as? String }.compactMap(PartialDate.init).map(\.lowerBound)
        XCTAssertEqual(dates, dates.sorted())
        let astana = try api.walk("/v1/timeline?process=astana&type=talk&limit=3").ids
        XCTAssertEqual(
            astana.count, dataset.records(in: "talks").filter { $0.value["process"]?.stringValue == "astana" }.count)
    }

    func testZonesGeoJSON() throws {
        let response = try api.get("/v1/zones.geojson")
        XCTAssertEqual(response.header("Content-Type"), "application/geo+json; charset=utf-8")
        let body = try XCTUnwrap(response.json() as? [String: Any])
        XCTAssertEqual(body["type"] as? String, "FeatureCollection")
        let features = body["features"] as? [[String: Any]] ?? []
        XCTAssertEqual(features.count, 4)
        XCTAssertTrue(features.allSatisfy { (($0["properties"] as? [String: Any])?["approximate"] as? Bool) == true })
        XCTAssertTrue(features.allSatisfy { (($0["geometry"] as? [String: Any])?["type"] as? String) == "Polygon" })
    }

    func testSourceTextNeedsAStoreBuiltWithTheCorpus() throws {
        // The bundled server's store has the corpus only when ../shared/corpus is beside the checkout.
        let response = try api.get("/v1/sources/wiki-vienna-talks/text?lines=15-16")
        if BundledServer.corpus == nil {
            XCTAssertEqual(response.status, 404)
            XCTAssertEqual((response.json() as? [String: Any])?["type"] as? String, "/problems/text-not-bundled")
        } else {
            XCTAssertEqual(response.status, 200)
        }
    }

    func testSourceTextLineRangesAreCheckedAgainstTheSource() throws {
        let fixture = try APITestServer(corpus: APITestServer.fixtures + "/corpus")
        defer { fixture.stop() }
        for (lines, code) in [
            ("0", "invalid-value"), ("3-2", "invalid-range"), ("5-9", "beyond-source"),
            ("99999999999999999999", "beyond-source"),
        ] {
            let response = try fixture.get("/v1/sources/fixture-source/text?lines=\(lines)")
            XCTAssertEqual(response.status, 400, lines)
            let errors = ((response.json() as? [String: Any])?["errors"] as? [[String: String]]) ?? []
            XCTAssertEqual(errors.first?["code"], code, lines)
        }
        XCTAssertEqual(
            try fixture.get("/v1/sources/fixture-source/text?lines=0002-03").status, 200, "leading zeros are numbers")
    }

    func testSourceTextServesTheCitedLines() throws {
        // The fixture dataset and its own corpus: runs on a fresh clone with nothing beside it.
        let fixture = try APITestServer(corpus: APITestServer.fixtures + "/corpus")
        defer { fixture.stop() }
        let data = try XCTUnwrap(
            try fixture.json("/v1/sources/fixture-source/text?lines=2-3")["data"] as? [String: Any])
        let lines = try XCTUnwrap(data["text"] as? [[String: Any]])
        XCTAssertEqual(lines.compactMap { $0["line"] as? Int }, [2, 3])
        XCTAssertEqual(
            lines.first?["text"] as? String,
            "The first Astana round met on 23 and 24 January 2017 with Russia, Turkey and Iran as guarantors.")
        XCTAssertEqual(data["total_lines"] as? Int, 6)
        XCTAssertEqual(try fixture.get("/v1/sources/fixture-source/text?lines=5-9").status, 400, "past the last line")
        XCTAssertEqual(try fixture.get("/v1/sources/fixture-source/text?lines=3-2").status, 400, "backwards")
        let index = try XCTUnwrap(try fixture.json("/")["endpoints"] as? [[String: Any]])
        let entry = try XCTUnwrap(index.first { $0["path"] as? String == "/v1/sources/{id}/text" })
        let example = try XCTUnwrap(entry["example"] as? String, "a store with the corpus shows the text example")
        XCTAssertEqual(try fixture.get(example).status, 200, example)
    }
}

/// A small RFC 4180 reader for checking exports.
enum CSV {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = characters.next()
        while let character = pending {
            pending = characters.next()
            if quoted {
                if character == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\""); pending = characters.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field); field = ""
            } else if character == "\r" {
                continue
            } else if character == "\n" {
                row.append(field); rows.append(row); row = []; field = ""
            } else {
                field.unicodeScalars.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

import XCTest
@testable import ParleyAPI
@testable import Store

/// The service layer's pure pieces, without a socket or a store: each test in milliseconds,
/// named after the rule it guards.
final class PurePiecesTests: XCTestCase {
    // MARK: search expressions

    private func tokens(_ query: String) throws -> [SearchExpression.Token] { try SearchExpression.tokenize(query) }

    private func searchError(_ query: String) -> ParameterErrorCode? {
        do {
            _ = try tokens(query)
            return nil
        } catch let problem as Problem {
            return problem.errors.first?.code
        } catch {
            return nil
        }
    }

    func testSearchExpressionReadsWordsPhrasesPrefixesOperatorsAndGroups() throws {
        XCTAssertEqual(
            try tokens(#"aleppo "castello road" escal* OR (homs NOT idlib)"#),
            [
                .term(text: "aleppo", quoted: false, prefix: false),
                .term(text: "castello road", quoted: true, prefix: false),
                .term(text: "escal", quoted: false, prefix: true), .op("OR"), .open,
                .term(text: "homs", quoted: false, prefix: false),
                .op("NOT"), .term(text: "idlib", quoted: false, prefix: false), .close,
            ])
        XCTAssertEqual(
            try tokens("and or not"),
            [
                .term(text: "and", quoted: false, prefix: false), .term(text: "or", quoted: false, prefix: false),
                .term(text: "not", quoted: false, prefix: false),
            ], "operators are upper case only")
    }

    func testEveryMalformedSearchIsAnInvalidSearchError() {
        for query in [
            #""castello road"#, "(aleppo", "aleppo)", "()", "aleppo AND", "AND aleppo", "aleppo OR OR homs", "NOT",
            "aleppo *", #""""#,
        ] {
            XCTAssertEqual(searchError(query), .invalidSearch, query)
        }
    }

    // MARK: cursors

    func testCursorRoundTripsAndRefusesEditedOrForeignCursors() throws {
        let cursor = Cursor(values: ["2016-02-27", "7"], id: "astana-4")
        let text = cursor.encode(binding: "talks|sort=date|v1")
        let back = try Cursor.decode(text, binding: "talks|sort=date|v1")
        XCTAssertEqual(back.values, ["2016-02-27", "7"])
        XCTAssertEqual(back.id, "astana-4")
        for (candidate, binding) in [
            (text, "talks|sort=title|v1"), (text, "talks|sort=date|v2"),
            (String(text.dropLast()), "talks|sort=date|v1"),
            (text + "A", "talks|sort=date|v1"), ("AAAA", "talks|sort=date|v1"), ("", "talks|sort=date|v1"),
        ] {
            XCTAssertThrowsError(try Cursor.decode(candidate, binding: binding), candidate) { error in
                XCTAssertEqual((error as? Problem)?.errors.first?.code, .foreignCursor)
            }
        }
    }

    // MARK: sort orders

    func testKeysetContinuesStrictlyAfterTheLastRowInTheSortsDirection() throws {
        let spec = try XCTUnwrap(DatasetSchema.collection(named: "talks"))
        var validation = ParameterValidation(records: try Self.context().records)
        let ascending = SortOrder.parse("date", spec: spec, validation: &validation)
        let after = try XCTUnwrap(ascending.keyset(after: ["2016-01-01"], id: "x"))
        XCTAssertEqual(after.sql, "(r.sort_date, r.id) > (?, ?)")
        let descending = SortOrder.parse("-round", spec: spec, validation: &validation)
        XCTAssertEqual(
            descending.orderBy, "COALESCE(r.num, -1) DESC, r.id DESC", "the id breaks ties the way the last key runs")
        let mixed = SortOrder.parse("-date,title", spec: spec, validation: &validation)
        let bounded = try XCTUnwrap(mixed.keyset(after: ["2016-01-01", "T"], id: "x"))
        XCTAssertTrue(bounded.sql.hasPrefix("(r.sort_date <= ? AND "), bounded.sql)
        XCTAssertNil(ascending.keyset(after: [], id: "x"), "a cursor of another sort does not fit")
        XCTAssertEqual(
            SortOrder.parse("date,-date,start_date", spec: spec, validation: &validation).canonical, "date,start_date",
            "a key repeated under the same order is dropped")
        XCTAssertTrue(validation.errors.isEmpty)
    }

    // MARK: content negotiation

    func testContentNegotiationHonoursQualitiesAndWildcards() {
        let list: [ResponseFormat] = [.json, .csv, .ndjson]
        XCTAssertEqual(ResponseFormat.negotiate(accept: nil, supported: list), .json)
        XCTAssertEqual(ResponseFormat.negotiate(accept: "text/csv", supported: list), .csv)
        XCTAssertEqual(
            ResponseFormat.negotiate(accept: "text/csv;q=0.5, application/x-ndjson", supported: list), .ndjson)
        XCTAssertEqual(ResponseFormat.negotiate(accept: "*/*", supported: list), .json)
        XCTAssertNil(ResponseFormat.negotiate(accept: "application/xml", supported: list))
        XCTAssertEqual(ResponseFormat.splitSuffix("/v1/talks.csv")?.format, .csv)
        XCTAssertNil(ResponseFormat.splitSuffix("/v1/talks"))
    }

    // MARK: query parameters

    func testQueryParametersDecodeOnceAndRefuseRepeatsAndControlCharacters() throws {
        let query = try QueryParameters(query: "q=castello+road&fields=title%2Cdate&x=%C3%A9")
        XCTAssertEqual(query["q"], "castello road")
        XCTAssertEqual(query["fields"], "title,date")
        XCTAssertEqual(query["x"], "é")
        for (raw, code) in [
            ("a=1&a=2", ParameterErrorCode.repeatedParameter), ("a=%zz", .malformedEncoding),
            ("a=%FF", .malformedEncoding),
            ("a=%07", .controlCharacter),
        ] {
            XCTAssertThrowsError(try QueryParameters(query: raw), raw) { error in
                XCTAssertEqual((error as? Problem)?.errors.first?.code, code, raw)
            }
        }
    }

    // MARK: CSV

    func testCSVQuotesOnlyWhatRFC4180Requires() throws {
        let spec = try XCTUnwrap(DatasetSchema.collection(named: "sources"))
        let table = CSVTable(spec: spec, fields: ["title", "publisher", "author"])
        var bytes: [UInt8] = []
        let record = try JSONParser.parse(
            #"{"id":"s","title":"Say \"no\", twice","publisher":"line\nbreak","author":"plain"}"#)
        table.appendRow(record, to: &bytes)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "s,\"Say \"\"no\"\", twice\",\"line\nbreak\",plain\r\n")
    }

    // MARK: count cache

    func testCountCacheStaysWithinItsBoundWhateverIsAsked() {
        let cache = CountCache(capacity: 100)
        var computed = 0
        for index in 0..<1_000 {
            _ = cache.counts(for: "key-\(index)") {
                computed += 1; return [index]
            }
            XCTAssertLessThanOrEqual(cache.count, 100)
        }
        XCTAssertEqual(computed, 1_000)
        _ = cache.counts(for: "key-999") {
            computed += 1; return [0]
        }
        XCTAssertEqual(computed, 1_000, "a recent key is served from the cache")
        _ = cache.counts(for: String(repeating: "k", count: 600)) { [1] }
        _ = cache.counts(for: String(repeating: "k", count: 600)) {
            computed += 1; return [1]
        }
        XCTAssertEqual(computed, 1_001, "a key over 512 bytes is computed, never kept")
    }

    private static func context() throws -> ServiceContext {
        try APITestServer.sharedFixture().application.context
    }
}

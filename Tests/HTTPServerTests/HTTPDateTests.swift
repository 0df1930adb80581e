import XCTest

@testable import HTTPServer

/// Dates without Foundation's formatters: RFC 9110's own example, round trips, and refusals.
final class HTTPDateTests: XCTestCase {
    func testIMFFixdateFormatsAndParsesRFC9110sExample() {
        XCTAssertEqual(HTTPDate.imfFixdate(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT")
        XCTAssertEqual(HTTPDate.parseIMFFixdate("Sun, 06 Nov 1994 08:49:37 GMT"), 784_111_777)
        for seconds in [0, 951_782_400, 1_764_000_245, 4_102_444_799] {
            XCTAssertEqual(HTTPDate.parseIMFFixdate(HTTPDate.imfFixdate(seconds)), seconds)
        }
        for obsolete in [
            "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT", "", "Sun, 06 Nov 1994 08:49:3x GMT",
        ] {
            XCTAssertNil(HTTPDate.parseIMFFixdate(obsolete), obsolete)
        }
    }

    func testRFC3339FormatsAndParsesUTCWithAndWithoutMilliseconds() {
        XCTAssertEqual(HTTPDate.rfc3339(784_111_777), "1994-11-06T08:49:37Z")
        XCTAssertEqual(HTTPDate.rfc3339(784_111_777, milliseconds: 7), "1994-11-06T08:49:37.007Z")
        XCTAssertEqual(HTTPDate.parseRFC3339("1994-11-06T08:49:37Z"), 784_111_777)
        XCTAssertEqual(HTTPDate.parseRFC3339("1994-11-06T08:49:37.007Z"), 784_111_777)
        XCTAssertNil(HTTPDate.parseRFC3339("1994-11-06 08:49:37Z"))
        XCTAssertNil(HTTPDate.parseRFC3339("1994-13-06T08:49:37Z"))
        XCTAssertEqual(RequestRecord.timestamp(784_111_777.123_9), "1994-11-06T08:49:37.123Z")
    }
}

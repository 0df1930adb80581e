import XCTest
@testable import Store

final class PrimitivesTests: XCTestCase {
    func testSHA256MatchesStandardVectors() {
        XCTAssertEqual(SHA256.hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(
            SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(
            SHA256.hex([UInt8](repeating: 97, count: 1_000_000)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testJSONRoundTripKeepsMemberOrderAndExactNumbers() throws {
        let text = #"{"b":1,"a":[true,false,null,1.50,-2e3],"s":"é \"q\" \u00e9\n\ud83d\ude00"}"#
        let value = try JSONParser.parse(text)
        XCTAssertEqual(value.objectMembers?.map(\.key), ["b", "a", "s"])
        XCTAssertEqual(value.compactText, #"{"b":1,"a":[true,false,null,1.50,-2e3],"s":"é \"q\" é\n😀"}"#)
    }

    func testJSONParserRejectsMalformedInput() {
        for text in [
            "", "{", "[1,]", "{\"a\":1,}", "01", "1.", "\"\\x\"", "{\"a\":1 \"b\":2}", "[1] x", "{\"a\":1,\"a\":2}",
            "\"\u{1}\"",
        ] {
            XCTAssertThrowsError(try JSONParser.parse(text), text)
        }
    }
}

import Foundation
import XCTest
@testable import ParleyAPI
import Store

/// The OpenAPI document and the server agree on which parameter values are valid: each pattern
/// the document publishes is checked against the code that validates the same parameter, over
/// samples that include every boundary, so a generated client never sends what the server refuses.
final class ParameterContractTests: XCTestCase {
    private func matches(_ pattern: String, _ text: String) throws -> Bool {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    func testDatePatternAcceptsExactlyTheDatesTheServerAccepts() throws {
        var samples = [
            "", "201", "20160", "+201", "-2016", "2016-", "2016-1", "2016-02-1", "2016-02-001", "2016/02",
            "2016-02-29x", " 2016",
        ]
        for year in ["0000", "0001", "1900", "2000", "2015", "2016", "9999"] {
            samples.append(year)
            for month in 0...13 {
                let mm = String(format: "%02d", month)
                samples.append("\(year)-\(mm)")
                for day in [0, 1, 28, 29, 30, 31, 32] { samples.append("\(year)-\(mm)-\(String(format: "%02d", day))") }
            }
        }
        for sample in samples {
            XCTAssertEqual(try matches(SchemaBuilder.datePattern, sample), PartialDate(sample) != nil, sample)
        }
    }

    func testTextPatternAndTheServerAgreeOnWhatIsSearchable() throws {
        let samples = [
            "a", "Z9", "  x  ", "Деир", "دير", "Συρία", "עזה", "叙利亚", "é", "ß", "!", "...", " ", "#", "@@", "\u{00D7}",
            "\u{0482}",
            "\u{060C}", "x\u{0007}", "\u{007F}", "((NOT))", "\u{2028}", "\u{00A0}",
        ]
        for sample in samples {
            let noControl = !sample.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
            XCTAssertEqual(
                try matches(WordCharacters.pattern, sample), noControl && WordCharacters.hasWord(sample), sample)
            if WordCharacters.hasWord(sample) {
                XCTAssertFalse(TextFolding.fold(sample).isEmpty, "every word character survives folding: \(sample)")
            }
        }
    }

    func testLinesPatternMatchesWhatTheServerParses() throws {
        for sample in [
            "1", "12-20", "0007-0009", "99999999999999999999", "0", "00", "1-0", "-3", "3-", "1-2-3", "a", "1 - 2",
            "+1", "",
        ] {
            XCTAssertEqual(try matches(SourceText.linesPattern, sample), SourceText.lineRange(sample) != nil, sample)
        }
        XCTAssertEqual(SourceText.lineRange("0007-0009").map { [$0.0, $0.1] }, [7, 9])
        XCTAssertEqual(
            SourceText.lineRange("99999999999999999999")?.0, Int.max,
            "too large to count is past the end, not malformed")
    }
}

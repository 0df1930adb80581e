/// A date of day, month or year precision (`2016-02-27`, `2016-02`, `2016`), with the span of
/// days it covers, so that filters can ask "does this record overlap that range?".
public struct PartialDate: Equatable, Sendable {
    public enum Precision: String, Sendable { case day, month, year }

    public let text: String
    public let precision: Precision
    public let year: Int
    public let month: Int?
    public let day: Int?

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        // Digits only: `Int` alone would take "+201" for a year.
        guard parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }) else {
            return nil
        }
        guard (1...3).contains(parts.count),
            parts[0].count == 4, let year = Int(parts[0]), parts[0].allSatisfy(\.isASCII), year >= 1
        else { return nil }
        var month: Int?
        var day: Int?
        if parts.count >= 2 {
            guard parts[1].count == 2, let value = Int(parts[1]), (1...12).contains(value) else { return nil }
            month = value
        }
        if parts.count == 3, let month {
            guard parts[2].count == 2, let value = Int(parts[2]),
                (1...Self.daysIn(month: month, year: year)).contains(value)
            else { return nil }
            day = value
        }
        self.text = text
        self.year = year
        self.month = month
        self.day = day
        self.precision = day != nil ? .day : (month != nil ? .month : .year)
    }

    /// The first day the date covers, as `YYYY-MM-DD`.
    public var lowerBound: String {
        Self.format(year, month ?? 1, day ?? 1)
    }

    /// The last day the date covers, as `YYYY-MM-DD`.
    public var upperBound: String {
        let lastMonth = month ?? 12
        return Self.format(year, lastMonth, day ?? Self.daysIn(month: lastMonth, year: year))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD`, zero-padded.
    static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        func pad(_ n: Int, _ width: Int) -> String {
            String(repeating: "0", count: max(0, width - String(n).count)) + String(n)
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static let formatDescription = "YYYY-MM-DD, YYYY-MM or YYYY"
}

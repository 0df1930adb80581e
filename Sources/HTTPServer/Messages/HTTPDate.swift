import Glibc

/// Dates as HTTP and the logs write them, without Foundation (whose formatters are ICU's): the
/// IMF-fixdate of RFC 9110 §5.6.7 (`Sun, 06 Nov 1994 08:49:37 GMT`) and the RFC 3339 UTC form
/// (`1994-11-06T08:49:37Z`, optionally with `.sss` milliseconds).
public enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// IMF-fixdate of a time in seconds since the epoch.
    public static func imfFixdate(_ seconds: Int) -> String {
        let parts = utc(seconds)
        return
            "\(days[Int(parts.tm_wday)]), \(pad(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)) GMT"
    }

    /// Parses an IMF-fixdate; the obsolete forms (RFC 850, asctime) are nil, which RFC 9110 lets a
    /// recipient treat as an absent header.
    public static func parseIMFFixdate(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 29, bytes[3] == UInt8(ascii: ","), bytes[4] == 32, bytes[7] == 32, bytes[11] == 32,
            bytes[16] == 32, bytes[19] == UInt8(ascii: ":"), bytes[22] == UInt8(ascii: ":"), bytes[25] == 32,
            String(decoding: bytes[26...], as: UTF8.self) == "GMT",
            days.contains(String(decoding: bytes[0..<3], as: UTF8.self)),
            let month = months.firstIndex(of: String(decoding: bytes[8..<11], as: UTF8.self)),
            let day = number(bytes[5..<7]), let year = number(bytes[12..<16]), let hour = number(bytes[17..<19]),
            let minute = number(bytes[20..<22]), let second = number(bytes[23..<25])
        else { return nil }
        return epochSeconds(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)
    }

    /// `2026-11-23T21:04:05Z`, or with `.123` milliseconds when `milliseconds` is given.
    public static func rfc3339(_ seconds: Int, milliseconds: Int? = nil) -> String {
        let parts = utc(seconds)
        let fraction = milliseconds.map { "." + pad(Int32($0), width: 3) } ?? ""
        return
            "\(pad(parts.tm_year + 1900, width: 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T"
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))\(fraction)Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (the fraction is ignored).
    public static func parseRFC3339(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z"), bytes[4] == UInt8(ascii: "-"),
            bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"),
            let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
            let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19])
        else { return nil }
        return epochSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// The current time: whole seconds since the epoch and the milliseconds past them.
    public static func now() -> (seconds: Int, milliseconds: Int) {
        let time = RequestRecord.now()
        let seconds = Int(time)
        return (seconds, min(999, Int((time - Double(seconds)) * 1000)))
    }

    private static func utc(_ seconds: Int) -> tm {
        var value = time_t(seconds)
        var parts = tm()
        gmtime_r(&value, &parts)
        return parts
    }

    private static func epochSeconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int? {
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Int(timegm(&parts))
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    static func pad(_ n: Int32, width: Int = 2) -> String {
        let text = String(n)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

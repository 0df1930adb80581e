import Foundation

/// IMF-fixdate (RFC 9110 §5.6.7) for `Last-Modified`.
enum HTTPDate {
    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }

    static func format(iso8601: String) -> String {
        let date = ISO8601DateFormatter().date(from: iso8601) ?? Date(timeIntervalSince1970: 0)
        return formatter().string(from: date)
    }

    /// Parses an IMF-fixdate; other (obsolete) forms are treated as absent, as RFC 9110 allows.
    static func parse(_ text: String) -> Date? {
        formatter().date(from: text)
    }
}

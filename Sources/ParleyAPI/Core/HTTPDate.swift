import Foundation

/// IMF-fixdate (RFC 9110 §5.6.7) for `Last-Modified`.
enum HTTPDate {
    static func format(iso8601: String) -> String {
        let parser = ISO8601DateFormatter()
        let date = parser.date(from: iso8601) ?? Date(timeIntervalSince1970: 0)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}

import FoundationEssentials
/// The representations the API serves, chosen by a path suffix (`.csv`, `.ndjson`) or by `Accept`.
enum ResponseFormat: String, Sendable, CaseIterable {
    case json, csv, ndjson, html, geojson
    /// The Prometheus text exposition format (`/metrics`).
    case prometheus

    var mediaType: String {
        switch self {
        case .json: return "application/json"
        case .csv: return "text/csv"
        case .ndjson: return "application/x-ndjson"
        case .html: return "text/html"
        case .geojson: return "application/geo+json"
        case .prometheus: return "text/plain"
        }
    }

    var contentType: String {
        switch self {
        case .csv: return "text/csv; charset=utf-8; header=present"
        case .prometheus: return "text/plain; version=0.0.4; charset=utf-8"
        default: return mediaType + "; charset=utf-8"
        }
    }

    /// Formats a path suffix may select on collection paths.
    static let suffixes: [ResponseFormat] = [.csv, .ndjson]

    /// `/v1/talks.csv` → (`/v1/talks`, .csv).
    static func splitSuffix(_ path: String) -> (path: String, format: ResponseFormat)? {
        for format in suffixes where path.hasSuffix("." + format.rawValue) {
            return (String(path.dropLast(format.rawValue.count + 1)), format)
        }
        return nil
    }

    /// Picks the best of `supported` for an `Accept` header (RFC 9110 §12.5.1): the highest
    /// q-value wins, a specific type beats a wildcard, and the route's first format is the default.
    static func negotiate(accept: String?, supported: [ResponseFormat]) -> ResponseFormat? {
        guard let accept, !accept.trimmingWhitespace().isEmpty else { return supported.first }
        var best: (format: ResponseFormat, q: Double, specificity: Int)?
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingWhitespace().lowercased() }
            guard let type = parts.first, !type.isEmpty else { continue }
            var q = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                q = Double(parameter.dropFirst(2)) ?? 0
            }
            guard q > 0 else { continue }
            for (index, format) in supported.enumerated() {
                let specificity: Int
                if type == format.mediaType || (format == .json && type == "application/problem+json") {
                    specificity = 3
                } else if type == "*/*" || (type.hasSuffix("/*") && format.mediaType.hasPrefix(type.dropLast())) {
                    specificity = index == 0 ? 1 : 0
                } else {
                    continue
                }
                if best == nil || q > best!.q || (q == best!.q && specificity > best!.specificity) {
                    best = (format, q, specificity)
                }
            }
        }
        return best?.format
    }
}

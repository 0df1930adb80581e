import HTTPServer
import Store

/// `/v1/sources/{id}/text?lines=a-b`: the cited lines themselves, when the store was built with
/// `--corpus`; otherwise a 404 that says the texts are not bundled and how to bundle them.
enum SourceText {
    static let maxLines = 500

    /// The form the OpenAPI pattern gives: one number or two joined by `-`, each at least 1
    /// (leading zeros allowed). What the numbers may be depends on the source, so that is checked after.
    static let linesPattern = "^0*[1-9][0-9]*(-0*[1-9][0-9]*)?$"

    /// `12-20` → (12, 20); `7` → (7, 7); nil unless it has the pattern's form. Numbers too large for
    /// an Int saturate: they are past the end of any source, not malformed.
    static func lineRange(_ raw: String) -> (Int, Int)? {
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                return nil
            }
            let value = part.utf8.reduce(0) { total, digit in
                let (times, overflow) = total.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
                return overflow || overflow2 ? Int.max : sum
            }
            guard value >= 1 else { return nil }
            numbers.append(value)
        }
        return (numbers[0], numbers[numbers.count - 1])
    }

    static let parameters: [ParameterSpec] = [
        ParameterSpec(
            name: "lines", kind: .formatted(pattern: linesPattern),
            description:
                "Line range `from-to` (or one line), 1-based, at most \(maxLines) lines; default the whole text (up to \(maxLines) lines). "
                + "Lines past the end of the source are a 400 with code `beyond-source`; a range ending before it starts, or longer "
                + "than \(maxLines) lines, a 400 with code `invalid-range`.")
    ]

    static let routes: [Route] = [
        Route(
            "getSourceText", "/v1/sources/{id}/text",
            summary: "Lines of a source document (only in stores built with --corpus).",
            parameters: parameters, schema: EndpointSchemas.sourceText, handler: text)
    ]

    static func text(_ request: RouteRequest, _ context: HandlerContext) throws -> HTTPResponse {
        let source = request.pathParameters["id"] ?? ""
        guard context.records.contains(source, in: "sources", database: try context.db()) else {
            return try MovedRecord.answer(request, id: source, collection: "sources", context: context)
        }
        guard context.dataset.corpusBundled else {
            throw Problem(
                type: .textNotBundled,
                detail: "This store was built without the corpus texts; the citations still give file and lines. "
                    + "Rebuild with: parley build --corpus DIR --out FILE, and serve it with --db FILE.")
        }
        let db = try context.db()
        let total = try db.sourceLineCount(source)
        var validation = ParameterValidation(records: context.records, errors: request.unknownParameters)
        var range = 1...max(1, min(total, maxLines))
        if let raw = request.query["lines"] {
            switch lineRange(raw) {
            case nil:
                validation.add(
                    "lines", .invalidValue,
                    "must be from-to or one line number, counting from 1 (e.g. 12-20); got \(raw)")
            case let (from, to)? where to < from:
                validation.add("lines", .invalidRange, "ends (\(to)) before it starts (\(from))")
            case let (from, to)? where to > total:
                validation.add("lines", .beyondSource, "\(source) has \(total) lines; got \(from)-\(to)")
            case let (from, to)? where to - from >= maxLines:
                validation.add("lines", .invalidRange, "at most \(maxLines) lines at a time; got \(to - from + 1)")
            case let (from, to)?:
                range = from...to
            }
        }
        try validation.throwIfInvalid()
        let statement = try db.sourceLines(source, range)
        var json = JSONWriter(capacity: 16384)
        json.beginObject()
        json.objectMember("data") { json in
            json.member("source", source)
            json.arrayMember("lines") { json in
                json.int(range.lowerBound)
                json.int(range.upperBound)
            }
            json.member("total_lines", total)
            json.arrayMember("text") { json in
                while (try? statement.step()) == true {
                    json.beginObject()
                    json.member("line", statement.int(0))
                    json.member("text", statement.text(1))
                    json.endObject()
                }
            }
        }
        json.objectMember("meta") { $0.member("dataset", context.datasetVersion) }
        json.endObject()
        return .json(json)
    }
}

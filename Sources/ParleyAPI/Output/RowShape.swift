import HTTPServer
import Store

/// How to turn a row of a `RecordQuery` (its columns: id, the sort keys, the record's JSON, as
/// the query declares them) into output in each format.
struct RowShape {
    let sortValues: Int
    let jsonColumn: Int32
    let projection: Projection
    let lookup: CompactLookup

    init(query: RecordQuery, projection: Projection, lookup: CompactLookup) {
        sortValues = query.order.terms.count
        jsonColumn = query.jsonColumn
        self.projection = projection
        self.lookup = lookup
    }

    func cursor(_ statement: Statement) -> Cursor {
        let id = RecordQuery.idColumn
        return Cursor(
            values: (0..<sortValues).map { statement.text(id + 1 + Int32($0)) ?? "" }, id: statement.text(id) ?? "")
    }

    /// The row's record as JSON (projected, with includes embedded).
    func json(_ statement: Statement) throws -> [UInt8] {
        var writer = JSONWriter(capacity: 1024)
        try projection.write(statement, column: jsonColumn, to: &writer, lookup: lookup)
        return writer.bytes
    }

    /// Appends one row in `format` (JSON rows are separated by the caller).
    func append(_ statement: Statement, format: ResponseFormat, csv: CSVTable, to out: inout [UInt8]) throws {
        switch format {
        case .csv:
            let json = try json(statement)
            csv.appendRow(try JSONParser.parse(json), to: &out)
        case .ndjson:
            out += try json(statement)
            out.append(10)
        default:
            out += try json(statement)
        }
    }
}

/// A buffered page in any list format: the JSON envelope, or NDJSON/CSV lines.
struct PageBody {
    let format: ResponseFormat
    let rows: RowShape
    private let csv: CSVTable
    private var bytes: [UInt8] = []
    private var count = 0

    init(format: ResponseFormat, rows: RowShape) {
        self.format = format
        self.rows = rows
        self.csv = CSVTable(spec: rows.projection.spec, fields: rows.projection.fields)
        bytes.reserveCapacity(8192)
        switch format {
        case .csv: csv.appendHeader(to: &bytes)
        case .ndjson: break
        default: bytes += Array(#"{"data":["#.utf8)
        }
    }

    mutating func append(_ statement: Statement) throws {
        if format == .json && count > 0 { bytes.append(UInt8(ascii: ",")) }
        try rows.append(statement, format: format, csv: csv, to: &bytes)
        count += 1
    }

    mutating func finish(total: Int, limit: Int, dataset: String, selfLink: String, next: String?) -> [UInt8] {
        guard format == .json else { return bytes }
        var tail = JSONWriter(capacity: 256)
        tail.beginObject()
        let projection = rows.projection
        PageEnvelope.writeMetaAndLinks(
            &tail, total: total, limit: limit, dataset: dataset, selfLink: selfLink, next: next,
            trailingMeta: { projection.writeSelectedFields(to: &$0) })
        tail.endObject()
        // `],` closes data; the tail object's members follow without its opening brace.
        bytes += Array("],".utf8)
        bytes += tail.bytes.dropFirst()
        return bytes
    }
}

/// A whole-collection export, read from SQLite and written as the client takes it.
final class ExportStream: HTTPBodyStream {
    private let statement: Statement
    private let rows: RowShape
    private let format: ResponseFormat
    private let csv: CSVTable
    private var started = false
    private var finished = false

    init(statement: Statement, rows: RowShape, format: ResponseFormat) {
        self.statement = statement
        self.rows = rows
        self.format = format
        self.csv = CSVTable(spec: rows.projection.spec, fields: rows.projection.fields)
    }

    func nextChunk() -> HTTPBodyChunk {
        guard !finished else { return .end }
        var out: [UInt8] = []
        out.reserveCapacity(32 * 1024)
        if !started {
            started = true
            if format == .csv { csv.appendHeader(to: &out) }
        }
        do {
            while out.count < 32 * 1024 {
                guard try statement.step() else {
                    finished = true
                    break
                }
                try rows.append(statement, format: format, csv: csv, to: &out)
            }
        } catch {
            return .abort
        }
        return out.isEmpty ? .end : .data(out)
    }
}

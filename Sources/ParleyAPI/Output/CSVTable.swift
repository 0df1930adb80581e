import Store

/// RFC 4180 CSV of a collection's records: a header row, one column per scalar field, closed
/// objects flattened to `field.member` columns, lists joined with `; ` — never JSON in a cell.
///
/// A list of objects becomes `first (rest, …)` items (`russia (guarantor); turkey (guarantor)`),
/// a line range `from-to`, a map `key=value` pairs. Geometry is left out (see `/v1/zones.geojson`).
struct CSVTable {
    struct Column {
        let name: String
        let path: [String]
    }

    let columns: [Column]
    /// Column index by path, so a row is filled in one pass over the record's members.
    private let indexByPath: [String: Int]

    init(spec: CollectionSpec, fields: [String]?) {
        let derived = (DatasetSchema.derivedFields[spec.name] ?? []).map { FieldSpec($0, .integer) }
        let all = spec.allFields + derived
        let chosen = fields.map { names in all.filter { $0.name == "id" || names.contains($0.name) } } ?? all
        var columns: [Column] = []
        for field in chosen {
            switch field.type {
            case .any:
                continue
            case .object(let members):
                columns += members.map { Column(name: "\(field.name).\($0.name)", path: [field.name, $0.name]) }
            default:
                columns.append(Column(name: field.name, path: [field.name]))
            }
        }
        self.columns = columns
        self.indexByPath = Dictionary(
            uniqueKeysWithValues: columns.enumerated().map { ($1.path.joined(separator: "."), $0) })
    }

    func appendHeader(to out: inout [UInt8]) {
        Self.appendLine(columns.map(\.name), to: &out)
    }

    func appendRow(_ record: JSONValue, to out: inout [UInt8]) {
        var cells = [String](repeating: "", count: columns.count)
        for member in record.objectMembers ?? [] {
            if let index = indexByPath[member.key] {
                cells[index] = Self.text(member.value)
            } else if case .object(let parts) = member.value {
                for part in parts {
                    if let index = indexByPath[member.key + "." + part.key] { cells[index] = Self.text(part.value) }
                }
            }
        }
        Self.appendLine(cells, to: &out)
    }

    /// RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled.
    static func appendLine(_ cells: [String], to out: inout [UInt8]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            let utf8 = cell.utf8
            if utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
                out.append(UInt8(ascii: "\""))
                for byte in utf8 {
                    if byte == UInt8(ascii: "\"") { out.append(byte) }
                    out.append(byte)
                }
                out.append(UInt8(ascii: "\""))
            } else {
                out.append(contentsOf: utf8)
            }
        }
        out += [13, 10]
    }

    /// A cell's text for any JSON value.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number
        case .string(let string): return string
        case .array(let items):
            if items.count == 2, let from = items[0].intValue, let to = items[1].intValue { return "\(from)-\(to)" }
            return items.map(item).joined(separator: "; ")
        case .object(let members):
            // An embedded record (`include=`) reads as its id, as it would without include.
            if value["url"] != nil, let id = value["id"]?.stringValue { return id }
            return members.map { "\($0.key)=\(text($0.value))" }.joined(separator: ", ")
        }
    }

    /// One element of a list: an object reads as its first value with the others in parentheses.
    private static func item(_ value: JSONValue) -> String {
        guard case .object(let members) = value, let first = members.first else { return text(value) }
        let rest = members.dropFirst().map { text($0.value) }.filter { !$0.isEmpty }
        return text(first.value) + (rest.isEmpty ? "" : " (" + rest.joined(separator: ", ") + ")")
    }
}

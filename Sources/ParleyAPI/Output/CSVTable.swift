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
    }

    func appendHeader(to out: inout [UInt8]) {
        appendLine(columns.map(\.name), to: &out)
    }

    func appendRow(_ record: JSONValue, to out: inout [UInt8]) {
        appendLine(columns.map { column in
            var value: JSONValue? = record
            for key in column.path { value = value?[key] }
            return value.map(Self.text) ?? ""
        }, to: &out)
    }

    private func appendLine(_ cells: [String], to out: inout [UInt8]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            if cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                out.append(UInt8(ascii: "\""))
                out += Array(cell.replacingOccurrences(of: "\"", with: "\"\"").utf8)
                out.append(UInt8(ascii: "\""))
            } else {
                out += Array(cell.utf8)
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

/// Checks records against `DatasetSchema`, collecting every issue rather than stopping at the
/// first, and produces the canonical records the builder stores.
struct DatasetValidator {
    var issues: [DatasetIssue] = []
    private(set) var records: [String: [DatasetRecord]] = [:]

    /// State gathered while walking one record.
    private struct Walk {
        let spec: CollectionSpec
        let id: String
        var references: [RecordReference] = []
        var citations: [Citation] = []
    }

    mutating func validateFile(spec: CollectionSpec, bytes: [UInt8]) {
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(bytes)
        } catch {
            issues.append(DatasetIssue(collection: spec.name, message: "\(spec.fileName) is not valid JSON: \(error)"))
            return
        }
        guard let array = parsed.arrayValue else {
            issues.append(
                DatasetIssue(collection: spec.name, message: "\(spec.fileName) must hold a JSON array of records"))
            return
        }
        var seen = Set<String>()
        var result: [DatasetRecord] = []
        for (index, element) in array.enumerated() {
            guard let record = validateRecord(element, index: index, spec: spec) else { continue }
            guard seen.insert(record.id).inserted else {
                issues.append(DatasetIssue(collection: spec.name, recordID: record.id, message: "duplicate id"))
                continue
            }
            result.append(record)
        }
        records[spec.name] = result.sorted { $0.id < $1.id }
    }

    static func isSlug(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last, first != UInt8(ascii: "-"),
            last != UInt8(ascii: "-"),
            !text.contains("--")
        else { return false }
        return text.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "-") }
    }

    private mutating func validateRecord(_ value: JSONValue, index: Int, spec: CollectionSpec) -> DatasetRecord? {
        guard value.objectMembers != nil else {
            issues.append(
                DatasetIssue(collection: spec.name, path: "[\(index)]", message: "a record must be an object"))
            return nil
        }
        guard let id = value["id"]?.stringValue, Self.isSlug(id) else {
            issues.append(
                DatasetIssue(
                    collection: spec.name, path: "[\(index)].id",
                    message: "every record needs an id: a lowercase slug of letters, digits and single hyphens"))
            return nil
        }
        var walk = Walk(spec: spec, id: id)
        let before = issues.count
        let canonical = check(value, type: .object(spec.allFields), path: "", walk: &walk)
        if value["sources"]?.arrayValue?.isEmpty ?? false {
            report(walk, "sources", "every record must cite at least one source")
        }
        let span = checkDates(value, walk: walk)
        if let geometry = value["geometry"], !geometry.isNull {
            for problem in GeometryCheck.problems(geometry) { report(walk, "geometry", problem) }
        }
        checkConflictFields(value, walk: walk)
        if let status = value["status"]?.stringValue, status == "held", let announced = value["status_announced"],
            !announced.isNull
        {
            report(walk, "status_announced", "is for planned, postponed or cancelled talks; a held talk has none")
        }
        guard issues.count == before else { return nil }
        return DatasetRecord(
            collection: spec.name, id: id, value: canonical, title: value[spec.titleField]?.stringValue ?? id,
            spanStart: span?.lower, spanEnd: span?.upper, references: walk.references, citations: walk.citations)
    }

    private mutating func report(_ walk: Walk, _ path: String, _ message: String) {
        issues.append(
            DatasetIssue(
                collection: walk.spec.name, recordID: walk.id, path: path.isEmpty ? nil : path, message: message))
    }

    /// Type-checks `value` and returns it in canonical member order.
    private mutating func check(
        _ value: JSONValue, type: FieldType, path: String, walk: inout Walk, role: String? = nil
    ) -> JSONValue {
        switch type {
        case .string:
            guard let text = value.stringValue, !text.trimmingWhitespace.isEmpty else {
                report(walk, path, "expected a non-empty string, found \(value.typeName)"); return value
            }
        case .integer:
            if value.intValue == nil { report(walk, path, "expected an integer, found \(value.typeName)") }
        case .number:
            if value.doubleValue == nil { report(walk, path, "expected a number, found \(value.typeName)") }
        case .boolean:
            if case .bool = value {} else { report(walk, path, "expected true or false, found \(value.typeName)") }
        case .date:
            if value.stringValue.flatMap(PartialDate.init) == nil {
                report(walk, path, "expected a date \(PartialDate.formatDescription), found \(value.compactText)")
            }
        case .choice(let allowed):
            guard let text = value.stringValue, allowed.contains(text) else {
                report(walk, path, "expected one of \(allowed.joined(separator: ", ")), found \(value.compactText)")
                return value
            }
        case .reference(let collections):
            guard let target = value.stringValue else {
                report(walk, path, "expected an id, found \(value.typeName)"); return value
            }
            walk.references.append(
                RecordReference(
                    field: Self.fieldName(path), collection: collections.joined(separator: "|"), id: target, role: role)
            )
        case .typedReference:
            return checkTypedReference(value, path: path, walk: &walk)
        case .lineRange:
            guard let pair = value.arrayValue, pair.count == 2, let from = pair[0].intValue, let to = pair[1].intValue,
                from >= 1, from <= to
            else {
                report(walk, path, "expected [from, to]: two line numbers with 1 <= from <= to")
                return value
            }
        case .any:
            break
        case .list(let element):
            guard let values = value.arrayValue else {
                report(walk, path, "expected an array, found \(value.typeName)"); return value
            }
            return .array(values.enumerated().map { check($1, type: element, path: "\(path)[\($0)]", walk: &walk) })
        case .map(let element):
            guard let members = value.objectMembers else {
                report(walk, path, "expected an object, found \(value.typeName)"); return value
            }
            return .object(
                members.map { .init($0.key, check($0.value, type: element, path: "\(path).\($0.key)", walk: &walk)) })
        case .object(let fields):
            return checkObject(value, fields: fields, path: path, walk: &walk)
        }
        return value
    }

    private mutating func checkObject(_ value: JSONValue, fields: [FieldSpec], path: String, walk: inout Walk)
        -> JSONValue
    {
        guard let members = value.objectMembers else {
            report(walk, path, "expected an object, found \(value.typeName)"); return value
        }
        let prefix = path.isEmpty ? "" : path + "."
        for member in members where !fields.contains(where: { $0.name == member.key }) {
            report(walk, prefix + member.key, "unknown field (allowed: \(fields.map(\.name).joined(separator: ", ")))")
        }
        var ordered: [JSONValue.Member] = []
        // A participant's role travels with its actor reference, so filters can ask for both.
        let role = value["role"]?.stringValue
        for field in fields {
            guard let member = value[field.name] else {
                if field.required { report(walk, prefix + field.name, "missing required field") }
                continue
            }
            if member.isNull {
                if !field.nullable { report(walk, prefix + field.name, "must not be null") }
                ordered.append(.init(field.name, .null))
                continue
            }
            ordered.append(
                .init(field.name, check(member, type: field.type, path: prefix + field.name, walk: &walk, role: role)))
        }
        if fields.contains(where: { $0.name == "source" }), fields.contains(where: { $0.name == "lines" }) {
            recordCitation(value, path: path, walk: &walk)
        }
        return .object(ordered)
    }

    private mutating func checkTypedReference(_ value: JSONValue, path: String, walk: inout Walk) -> JSONValue {
        guard let type = value["type"]?.stringValue, let id = value["id"]?.stringValue, value.objectMembers?.count == 2
        else {
            report(walk, path, "expected {\"type\": \"<record type>\", \"id\": \"<id>\"}")
            return value
        }
        guard let target = DatasetSchema.collection(recordType: type) else {
            report(
                walk, path + ".type",
                "unknown record type \(type) (allowed: \(DatasetSchema.collections.map(\.recordType).joined(separator: ", ")))"
            )
            return value
        }
        walk.references.append(RecordReference(field: Self.fieldName(path), collection: target.name, id: id, role: nil))
        return .object([.init("type", .string(type)), .init("id", .string(id))])
    }

    private func recordCitation(_ value: JSONValue, path: String, walk: inout Walk) {
        guard let source = value["source"]?.stringValue, let lines = value["lines"]?.arrayValue, lines.count == 2,
            let from = lines[0].intValue, let to = lines[1].intValue
        else { return }
        walk.citations.append(
            Citation(source: source, from: from, to: to, quote: value["quote"]?.stringValue, path: path))
    }

    /// `participants[3].actor` → `participants.actor`: the field a reference belongs to, for filtering.
    static func fieldName(_ path: String) -> String {
        var result = ""
        var skipping = false
        for character in path {
            if character == "[" {
                skipping = true
            } else if character == "]" {
                skipping = false
            } else if !skipping {
                result.append(character)
            }
        }
        return result
    }

    /// `date_precision` must match the form of the date it describes; spans must not run backwards.
    private mutating func checkDates(_ value: JSONValue, walk: Walk) -> (lower: String, upper: String)? {
        let spec = walk.spec
        if let field = spec.precisionField, let text = value[field]?.stringValue, let date = PartialDate(text),
            let precision = value["date_precision"]?.stringValue, precision != date.precision.rawValue
        {
            report(
                walk, "date_precision", "is \(precision) but \(field) \(text) has \(date.precision.rawValue) precision")
        }
        guard let span = spec.spanFields else { return nil }
        let start = value[span.start]?.stringValue.flatMap(PartialDate.init)
        let end = span.end.flatMap { value[$0]?.stringValue.flatMap(PartialDate.init) }
        if let start, let end, end.upperBound < start.lowerBound {
            report(walk, span.end ?? "", "ends (\(end.text)) before it starts (\(start.text))")
        }
        guard let first = start ?? end else { return nil }
        return (first.lowerBound, (end ?? start ?? first).upperBound)
    }

    /// A conflict names a field of the record (`start_date`, `participants`) or a fact that has
    /// no field of its own (`member_count`); either way a snake_case name, with at least two values.
    private mutating func checkConflictFields(_ value: JSONValue, walk: Walk) {
        for (index, conflict) in (value["conflicts"]?.arrayValue ?? []).enumerated() {
            guard let field = conflict["field"]?.stringValue else { continue }
            let valid =
                !field.isEmpty
                && field.utf8.allSatisfy {
                    ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "_")
                        || $0 == UInt8(ascii: ".")
                }
            if !valid {
                report(walk, "conflicts[\(index)].field", "\(field) must be a field or fact name in snake_case")
            }
            if (conflict["values"]?.arrayValue?.count ?? 0) < 2 {
                report(walk, "conflicts[\(index)].values", "a conflict lists at least two claimed values")
            }
        }
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return Substring(scalars[first...last])
    }
}

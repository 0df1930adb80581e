import FoundationEssentials
import Store

/// Turns raw query values into typed ones, or into a 400 that says what would be valid.
struct ParameterValidation {
    /// Which ids exist, for path ids and filter values.
    let records: RecordDirectory
    /// For resolving names and aliases to ids (`actor=ANF` → `jabhat-al-nusra`).
    let database: Database?
    private(set) var errors: [Problem.ParameterError] = []

    init(records: RecordDirectory, database: Database? = nil, errors: [Problem.ParameterError] = []) {
        self.records = records
        self.database = database
        self.errors = errors
    }

    /// Unknown parameter names are an error, never silently ignored.
    mutating func rejectUnknown(_ query: QueryParameters, allowed: [ParameterSpec]) {
        let names = allowed.map(\.name)
        for name in query.names where !names.contains(name) {
            let hint = names.isEmpty ? "this endpoint takes no parameters" : "allowed: \(names.joined(separator: ", "))"
            errors.append(.init(parameter: name, code: .unknownParameter, detail: "unknown parameter; \(hint)"))
        }
    }

    /// Ids of records in `collection`, each given as an id or as any name or alias of the record
    /// (folded: case, diacritics and punctuation do not matter).
    mutating func ids(_ query: QueryParameters, _ spec: ParameterSpec, collection: String) -> [String]? {
        guard let raw = query[spec.name] else { return nil }
        let values = raw.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingWhitespace()
        }
        guard !values.contains(where: \.isEmpty) else {
            errors.append(
                .init(
                    parameter: spec.name, code: .emptyValue,
                    detail: "must be one or more ids separated by commas, with no empty item"))
            return nil
        }
        var resolved: [String] = []
        var unknown: [String] = []
        for value in values {
            let found = resolve(value, in: collection)
            if found.isEmpty { unknown.append(value) } else { resolved += found }
        }
        guard unknown.isEmpty else {
            let known = records.allIDs(of: collection) ?? []
            let list =
                !known.isEmpty && known.count <= 40
                ? "allowed: \(known.joined(separator: ", "))" : "see /v1/\(collection) for the ids"
            errors.append(
                .init(
                    parameter: spec.name, code: .unknownReference,
                    detail: "no \(collection) record has the id or name \(unknown.joined(separator: ", ")); \(list)"))
            return nil
        }
        return Array(Set(resolved)).sorted()
    }

    private func resolve(_ value: String, in collection: String) -> [String] {
        if records.contains(value, in: collection, database: database) { return [value] }
        guard let database else { return [] }
        // An id from an earlier dataset version still selects its record.
        if let current = records.currentID(of: value, in: collection, database: database) { return [current] }
        return (try? database.recordIDs(named: value, in: collection)) ?? []
    }

    /// Any-of values from a closed list.
    mutating func choices(_ query: QueryParameters, _ spec: ParameterSpec) -> [String]? {
        guard let raw = query[spec.name] else { return nil }
        guard case .choice(let allowed) = spec.kind else { return nil }
        // Exact values: " held" is not "held", as the OpenAPI enum says.
        let values = raw.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let wrong = values.filter { !allowed.contains($0) }
        guard wrong.isEmpty else {
            errors.append(
                .init(
                    parameter: spec.name, code: .invalidValue,
                    detail:
                        "unknown value \(wrong.map { "'\($0)'" }.joined(separator: ", ")); allowed: \(allowed.joined(separator: ", "))"
                ))
            return nil
        }
        return Array(Set(values)).sorted()
    }

    /// Any-of free-text values, folded for matching.
    mutating func texts(_ query: QueryParameters, _ spec: ParameterSpec) -> [String]? {
        guard let raw = query[spec.name], checkText(raw, spec.name) else { return nil }
        let values = raw.split(separator: ",").map { TextFolding.fold(String($0)) }.filter { !$0.isEmpty }
        return Array(Set(values)).sorted()
    }

    /// Free text (`q`, `location`): at most `maxTextLength` characters, with a letter or digit
    /// (`WordCharacters`, the class the OpenAPI pattern names). False, with the error, otherwise.
    mutating func checkText(_ raw: String, _ name: String) -> Bool {
        if raw.count > Self.maxTextLength {
            errors.append(
                .init(
                    parameter: name, code: .outOfRange,
                    detail: "must be at most \(Self.maxTextLength) characters; got \(raw.count)"))
            return false
        }
        if !WordCharacters.hasWord(raw) {
            errors.append(
                .init(
                    parameter: name, code: name == "q" ? .noSearchTerms : .emptyValue,
                    detail:
                        "needs a letter or digit to search for (Latin, Greek, Cyrillic, Hebrew, Arabic or CJK script)"))
            return false
        }
        return true
    }

    static let maxTextLength = 500

    /// A comma list of keys from a closed set, in the order given, without repeats.
    mutating func keys(_ query: QueryParameters, _ name: String, allowed: [String]) -> [String]? {
        guard let raw = query[name] else { return nil }
        var result: [String] = []
        for key in raw.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard allowed.contains(key) else {
                errors.append(
                    .init(
                        parameter: name, code: .unknownKey,
                        detail:
                            "unknown \(key.isEmpty ? "empty item" : "'\(key)'"); allowed: \(allowed.joined(separator: ", "))"
                    ))
                return nil
            }
            if !result.contains(key) { result.append(key) }
        }
        return result
    }

    mutating func date(_ query: QueryParameters, _ spec: ParameterSpec) -> PartialDate? {
        guard let raw = query[spec.name] else { return nil }
        guard let date = PartialDate(raw) else {
            errors.append(
                .init(
                    parameter: spec.name, code: .invalidDate,
                    detail: "must be a date \(PartialDate.formatDescription), e.g. 2016-02 or 2016-02-27; got \(raw)"))
            return nil
        }
        return date
    }

    mutating func integer(_ query: QueryParameters, _ spec: ParameterSpec) -> Int {
        guard case .integer(let range, let fallback) = spec.kind else { return 0 }
        guard let raw = query[spec.name] else { return fallback }
        guard let value = Int(raw), range.contains(value) else {
            errors.append(
                .init(
                    parameter: spec.name, code: .outOfRange,
                    detail: "must be an integer between \(range.lowerBound) and \(range.upperBound); got \(raw)"))
            return fallback
        }
        return value
    }

    mutating func add(_ parameter: String, _ code: ParameterErrorCode, _ detail: String) {
        errors.append(.init(parameter: parameter, code: code, detail: detail))
    }

    func throwIfInvalid() throws {
        if !errors.isEmpty { throw Problem.invalidParameters(errors) }
    }
}

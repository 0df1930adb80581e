import Foundation
import Store

/// Turns raw query values into typed ones, or into a 400 that says what would be valid.
struct ParameterValidation {
    let context: ServiceContext
    private(set) var errors: [Problem.ParameterError] = []

    init(context: ServiceContext, errors: [Problem.ParameterError] = []) {
        self.context = context
        self.errors = errors
    }

    /// Unknown parameter names are an error, never silently ignored.
    mutating func rejectUnknown(_ query: QueryParameters, allowed: [ParameterSpec]) {
        let names = allowed.map(\.name)
        for name in query.names where !names.contains(name) {
            let hint = names.isEmpty ? "this endpoint takes no parameters" : "allowed: \(names.joined(separator: ", "))"
            errors.append(.init(parameter: name, detail: "unknown parameter; \(hint)"))
        }
    }

    mutating func ids(_ query: QueryParameters, _ spec: ParameterSpec, collection: String) -> [String]? {
        guard let raw = query[spec.name] else { return nil }
        let values = raw.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !values.contains(where: \.isEmpty) else {
            errors.append(.init(parameter: spec.name, detail: "must be one or more ids separated by commas, with no empty item"))
            return nil
        }
        let known = context.ids[collection] ?? []
        let unknown = values.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            let list = known.count <= 40 ? "allowed: \(known.sorted().joined(separator: ", "))" : "see /v1/\(collection) for the ids"
            errors.append(.init(parameter: spec.name, detail: "no \(collection) record with id \(unknown.joined(separator: ", ")); \(list)"))
            return nil
        }
        return Array(Set(values)).sorted()
    }

    mutating func date(_ query: QueryParameters, _ spec: ParameterSpec) -> PartialDate? {
        guard let raw = query[spec.name] else { return nil }
        guard let date = PartialDate(raw) else {
            errors.append(.init(parameter: spec.name, detail: "must be a date \(PartialDate.formatDescription), e.g. 2016-02 or 2016-02-27; got \(raw)"))
            return nil
        }
        return date
    }

    mutating func integer(_ query: QueryParameters, _ spec: ParameterSpec) -> Int {
        guard case .integer(let range, let fallback) = spec.kind else { return 0 }
        guard let raw = query[spec.name] else { return fallback }
        guard let value = Int(raw), range.contains(value) else {
            errors.append(.init(parameter: spec.name, detail: "must be an integer between \(range.lowerBound) and \(range.upperBound); got \(raw)"))
            return fallback
        }
        return value
    }

    mutating func add(_ parameter: String, _ detail: String) {
        errors.append(.init(parameter: parameter, detail: detail))
    }

    func throwIfInvalid() throws {
        if !errors.isEmpty { throw Problem.invalidParameters(errors) }
    }
}

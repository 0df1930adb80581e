import HTTPServer
import Store

/// A filter a collection's list endpoint offers, mapped to SQL over the store's tables.
struct CollectionFilter: Sendable {
    enum Kind: Sendable {
        /// Records referencing one of the given ids through `field` (e.g. talks whose `process` is…).
        case reference(field: String, collection: String)
    }

    let parameter: ParameterSpec
    let kind: Kind

    static func reference(_ name: String, field: String, collection: String, description: String) -> CollectionFilter {
        CollectionFilter(parameter: ParameterSpec(name: name, kind: .ids(collection: collection), description: description),
                         kind: .reference(field: field, collection: collection))
    }
}

/// List and item endpoints of one collection: filters, chronological keyset pagination, totals
/// and links, answered from the stored canonical JSON without re-encoding records.
struct CollectionEndpoint: Sendable {
    let collection: String
    let recordType: String
    let filters: [CollectionFilter]
    /// Whether records have dates, so `from`/`to` apply.
    let dated: Bool

    /// A fixed reference the list is restricted to (a sub-collection such as an actor's talks).
    struct Scope: Sendable {
        let field: String
        let id: String
    }

    init(collection: String, recordType: String, filters: [CollectionFilter]) {
        self.collection = collection
        self.recordType = recordType
        self.filters = filters
        self.dated = DatasetSchema.collection(named: collection)?.spanFields != nil
    }

    /// `task-forces` → `TaskForces`, for operation ids.
    var operationName: String {
        collection.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    var listParameters: [ParameterSpec] {
        filters.map(\.parameter) + (dated ? [.from, .to] : []) + [.limit, .cursor]
    }

    func list(_ request: RouteRequest, _ service: ParleyService) throws -> HTTPResponse {
        try list(request, service, scope: nil)
    }

    func list(_ request: RouteRequest, _ service: ParleyService, scope: Scope?) throws -> HTTPResponse {
        var validation = ParameterValidation(context: service.context, errors: request.unknownParameters)
        var conditions: [String] = []
        var arguments: [StatementArgument] = [.text(collection)]
        var binding = [collection]
        if let scope {
            conditions.append(referenceCondition(count: 1))
            arguments += [.text(scope.field), .text(scope.id)]
            binding.append("scope:\(scope.field)=\(scope.id)")
        }

        for filter in filters {
            guard case .reference(let field, let target) = filter.kind,
                  let values = validation.ids(request.query, filter.parameter, collection: target) else { continue }
            conditions.append(referenceCondition(count: values.count))
            arguments.append(.text(field))
            arguments.append(contentsOf: values.map(StatementArgument.text))
            binding.append("\(filter.parameter.name)=\(values.joined(separator: ","))")
        }
        if dated {
            let from = validation.date(request.query, .from)
            let to = validation.date(request.query, .to)
            if let from, let to, to.upperBound < from.lowerBound {
                validation.add("to", "must not be before from (\(from.text))")
            }
            if let from {
                conditions.append("r.span_end >= ?")
                arguments.append(.text(from.lowerBound))
                binding.append("from=\(from.lowerBound)")
            }
            if let to {
                conditions.append("r.span_start <= ?")
                arguments.append(.text(to.upperBound))
                binding.append("to=\(to.upperBound)")
            }
        }
        let limit = validation.integer(request.query, .limit)
        try validation.throwIfInvalid()
        let bindingText = binding.joined(separator: "|") + "|" + service.context.datasetVersion
        let cursor = try request.query["cursor"].map { try Cursor.decode($0, binding: bindingText) }

        let db = try service.db()
        let filterSQL = conditions.map { " AND " + $0 }.joined()
        let count = try db.cachedStatement("SELECT count(*) FROM records r WHERE r.collection = ?" + filterSQL)
        try count.bind(arguments)
        let total = try count.step() ? count.int(0) : 0

        var pageArguments = arguments
        var keyset = ""
        if let cursor {
            keyset = " AND (r.sort_date, r.id) > (?, ?)"
            pageArguments += [.text(cursor.sortKey), .text(cursor.id)]
        }
        pageArguments.append(.int(limit + 1))
        let page = try db.cachedStatement("SELECT r.id, r.sort_date, r.json FROM records r WHERE r.collection = ?" + filterSQL + keyset
                                          + " ORDER BY r.sort_date, r.id LIMIT ?")
        try page.bind(pageArguments)

        var json = JSONWriter(capacity: 4096)
        json.beginObject()
        json.key("data")
        json.beginArray()
        var served = 0
        var last: Cursor?
        var more = false
        while try page.step() {
            if served == limit { more = true; break }
            json.rawColumn(page, 2)
            last = Cursor(sortKey: page.text(1) ?? "", id: page.text(0) ?? "")
            served += 1
        }
        json.endArray()
        let selfLink = request.path + (request.http.query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
        let next = more ? last.map { request.path + "?" + request.query.replacing("cursor", with: $0.encode(binding: bindingText)) } : nil
        json.objectMember("meta") { json in
            json.member("total", total)
            json.member("limit", limit)
            json.member("dataset", service.context.datasetVersion)
        }
        json.objectMember("links") { json in
            json.member("self", selfLink)
            json.member("next", next)
        }
        json.endObject()
        var response = HTTPResponse.json(json)
        if let next { response.addHeader("Link", "<\(next)>; rel=\"next\"") }
        return response
    }

    func item(_ request: RouteRequest, _ service: ParleyService) throws -> HTTPResponse {
        let id = request.pathParameters["id"] ?? ""
        let statement = try service.db().cachedStatement("SELECT json FROM records WHERE collection = ? AND id = ?")
        try statement.bind([.text(collection), .text(id)])
        guard try statement.step() else {
            throw Problem(type: .notFound, detail: "No \(recordType) has the id \(id). GET /v1/\(collection) lists them.")
        }
        var json = JSONWriter(capacity: 2048)
        json.beginObject()
        json.key("data")
        json.rawColumn(statement, 0)
        json.objectMember("meta") { $0.member("dataset", service.context.datasetVersion) }
        json.endObject()
        return .json(json)
    }

    /// Records with a reference through one field to any of `count` ids (bound after the field name).
    private func referenceCondition(count: Int) -> String {
        let placeholders = Array(repeating: "?", count: count).joined(separator: ", ")
        return "EXISTS (SELECT 1 FROM refs f WHERE f.collection = r.collection AND f.field = ? AND f.target IN (\(placeholders)) AND f.id = r.id)"
    }
}

import HTTPServer
import Store

/// List and item endpoints of one collection: filters, sort, keyset pagination, sparse fields,
/// embedded related records, and JSON, CSV or NDJSON — answered from the stored canonical JSON.
struct CollectionEndpoint: Sendable {
    let spec: CollectionSpec
    /// The collection's filters with their parameters, typed once rather than per request.
    let filters: [(filter: FilterSpec, parameter: ParameterSpec)]
    /// What `fields` and `include` accept, computed once rather than per request.
    let fieldNames: [String]
    let includable: [String]

    /// A fixed reference the list is restricted to (a sub-collection such as an actor's talks).
    struct Scope: Sendable {
        let field: String
        let id: String
    }

    /// Everything about the collection — fields, sort keys, filters — comes from its `CollectionSpec`.
    init(_ spec: CollectionSpec) {
        self.spec = spec
        self.filters = spec.allFilters.map { ($0, ParameterSpec(filter: $0, in: spec)) }
        self.fieldNames = Projection.fieldNames(spec)
        self.includable = Projection.includable(spec)
    }

    var collection: String { spec.name }
    var recordType: String { spec.recordType }
    var dated: Bool { spec.spanFields != nil }

    /// The component schema name of a record: `Talk`, `TaskForce`.
    var schemaName: String {
        recordType.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// `task-forces` → `TaskForces`, for operation ids.
    var operationName: String {
        collection.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static let q = ParameterSpec(
        name: "q", kind: .text,
        description:
            "Full-text search within the collection: words, \"phrases\", prefix*, AND, OR, NOT; names expand to every known spelling."
    )

    var listParameters: [ParameterSpec] {
        filters.map(\.parameter) + (dated ? [.from, .to] : []) + [
            Self.q,
            ParameterSpec(
                name: "sort", kind: .keys(SortOrder.keys(for: spec).flatMap { [$0.name, "-" + $0.name] }),
                description:
                    "Comma-separated sort keys, - for descending; id breaks ties in the direction of the last key. Keys: \(SortOrder.keys(for: spec).map(\.name).joined(separator: ", "))."
            ),
            ParameterSpec(
                name: "fields", kind: .keys(fieldNames), description: "Only these fields (id is always included)."),
            ParameterSpec(
                name: "include", kind: .keys(includable),
                description: "Replace the ids in these fields by compact records {type, id, title, url}."),
            .limit, .cursor,
        ]
    }

    func list(_ request: RouteRequest, _ context: HandlerContext) throws -> HTTPResponse {
        try list(request, context, scope: nil)
    }

    func list(_ request: RouteRequest, _ context: HandlerContext, scope: Scope?) throws -> HTTPResponse {
        let db = try context.db()
        let query = request.query
        var validation = ParameterValidation(records: context.records, database: db, errors: request.unknownParameters)
        var selection = ListSelection()
        addFilters(query, to: &selection, validation: &validation, scope: scope)
        if let text = query["q"], validation.checkText(text, "q") {
            do {
                let fts = try SearchExpression.fts(try SearchExpression.tokenize(text), database: db)
                selection.add(.matches(fts: fts), binding: "q=\(text)")
            } catch let problem as Problem {
                validation.add(
                    "q", problem.errors.first?.code ?? .invalidSearch, problem.errors.first?.detail ?? problem.detail)
            }
        }
        let order = SortOrder.parse(query["sort"], spec: spec, validation: &validation)
        let projection = Projection(
            fields: validation.keys(query, "fields", allowed: fieldNames),
            includes: validation.keys(query, "include", allowed: includable) ?? [], spec: spec)
        let export = request.format == .csv || request.format == .ndjson
        let limit: Int? = export && query["limit"] == nil ? nil : validation.integer(query, .limit)
        try validation.throwIfInvalid()

        let binding = ([collection] + selection.binding + ["sort=\(order.canonical)", context.datasetVersion])
            .joined(separator: "|")
        var recordQuery = RecordQuery(collection: collection, conditions: selection.conditions, order: order)
        // Counted once per loop for the life of the store, whatever page or order asks.
        let total = try SearchErrors.mapping {
            try context.counts.counts(for: ([collection] + selection.binding).joined(separator: "|")) {
                [try db.count(recordQuery)]
            }[0]
        }
        if let text = query["cursor"] {
            let cursor = try Cursor.decode(text, binding: binding)
            guard let keyset = order.keyset(after: cursor.values, id: cursor.id) else {
                throw Problem.invalidParameter(
                    "cursor", .foreignCursor, "does not fit this sort; start again without cursor")
            }
            recordQuery.after = keyset
        }
        let statement = try db.rows(
            recordQuery, limit: (limit ?? Int(Int32.max - 1)) + 1, matches: total,
            collectionSize: context.dataset.counts[collection] ?? 0, streaming: limit == nil)
        let rows = RowShape(query: recordQuery, projection: projection, lookup: CompactLookup(database: db))

        guard let limit else {
            // A whole export streams: rows are read and written as the client takes them.
            let stream = ExportStream(statement: statement, rows: rows, format: request.format)
            return HTTPResponse(
                status: .ok, contentType: request.format.contentType, headers: [("X-Total-Count", String(total))],
                bodyStream: stream)
        }
        var body = PageBody(format: request.format, rows: rows)
        var last: Cursor?
        var served = 0
        var more = false
        while try statement.step() {
            if served == limit { more = true; break }
            try body.append(statement)
            last = rows.cursor(statement)
            served += 1
        }
        let next = PageEnvelope.nextLink(request, after: last, more: more, binding: binding)
        let selfLink = PageEnvelope.selfLink(request)
        var response = HTTPResponse(
            status: .ok, contentType: request.format.contentType, headers: [("X-Total-Count", String(total))],
            body: body.finish(
                total: total, limit: limit, dataset: context.datasetVersion, selfLink: selfLink, next: next))
        if let next { response.addHeader("Link", "<\(next)>; rel=\"next\"") }
        return response
    }

    /// Validated filter parameters (and a sub-collection's scope) as store conditions.
    private func addFilters(
        _ query: QueryParameters, to selection: inout ListSelection, validation: inout ParameterValidation,
        scope: Scope?
    ) {
        let roles = filters.first { if case .role = $0.filter.kind { return true } else { return false } }.flatMap {
            validation.choices(query, $0.parameter)
        }
        var rolesUsed = false
        // `actor` with `role` means that actor in that role, in one participant entry.
        func rolesOfParticipant(through field: String) -> [String] {
            let chosen = field == "participants.actor" ? roles ?? [] : []
            rolesUsed = rolesUsed || !chosen.isEmpty
            return chosen
        }
        if let scope {
            selection.add(
                .reference(field: scope.field, targets: [scope.id], roles: rolesOfParticipant(through: scope.field)),
                binding: "scope:\(scope.field)=\(scope.id)")
        }
        for (filter, parameter) in filters {
            // `role` is applied below: alone, or as the role of the `actor` filter's actor.
            if case .role = filter.kind { continue }
            switch filter.lookup(in: spec) {
            case .references(let field, let target):
                guard let ids = validation.ids(query, parameter, collection: target) else { continue }
                selection.add(
                    .reference(field: field, targets: ids, roles: rolesOfParticipant(through: field)),
                    binding: "\(filter.name)=\(ids.joined(separator: ","))")
            case .values(let allowed):
                let values = allowed == nil ? validation.texts(query, parameter) : validation.choices(query, parameter)
                guard let values else { continue }
                selection.add(
                    .attribute(name: filter.name, values: values),
                    binding: "\(filter.name)=\(values.joined(separator: ","))")
            case .day:
                guard let day = validation.date(query, parameter) else { continue }
                selection.add(.inForce(on: day), binding: "\(filter.name)=\(day.text)")
            }
        }
        if let roles, !rolesUsed {
            selection.add(.attribute(name: "role", values: roles), binding: "role=\(roles.joined(separator: ","))")
        }
        if dated { selection.addDateRange(query, validation: &validation) }
    }

    func item(_ request: RouteRequest, _ context: HandlerContext) throws -> HTTPResponse {
        let id = request.pathParameters["id"] ?? ""
        let db = try context.db()
        var validation = ParameterValidation(records: context.records, database: db, errors: request.unknownParameters)
        let projection = Projection(
            fields: validation.keys(request.query, "fields", allowed: fieldNames),
            includes: validation.keys(request.query, "include", allowed: includable) ?? [], spec: spec)
        try validation.throwIfInvalid()
        guard let statement = try db.recordJSON(id, in: collection) else {
            return try MovedRecord.answer(request, id: id, collection: collection, context: context)
        }
        var json = JSONWriter(capacity: 2048)
        json.beginObject()
        json.key("data")
        try projection.write(statement, column: 0, to: &json, lookup: CompactLookup(database: db))
        json.objectMember("meta") { json in
            json.member("dataset", context.datasetVersion)
            projection.writeSelectedFields(to: &json)
        }
        json.endObject()
        return .json(json)
    }

    var itemParameters: [ParameterSpec] {
        listParameters.filter { $0.name == "fields" || $0.name == "include" }
    }
}

import HTTPServer
import Store

/// List and item endpoints of one collection: filters, sort, keyset pagination, sparse fields,
/// embedded related records, and JSON, CSV or NDJSON — answered from the stored canonical JSON.
struct CollectionEndpoint: Sendable {
    let spec: CollectionSpec
    let filters: [CollectionFilter]
    /// What `fields` and `include` accept, computed once rather than per request.
    let fieldNames: [String]
    let includable: [String]

    /// A fixed reference the list is restricted to (a sub-collection such as an actor's talks).
    struct Scope: Sendable {
        let field: String
        let id: String
    }

    init(_ collection: String, filters: (CollectionSpec) -> [CollectionFilter] = { _ in [] }) {
        guard let spec = DatasetSchema.collection(named: collection) else {
            preconditionFailure("no collection \(collection) in DatasetSchema")
        }
        self.spec = spec
        self.filters = filters(spec)
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

    func list(_ request: RouteRequest, _ service: ParleyService) throws -> HTTPResponse {
        try list(request, service, scope: nil)
    }

    func list(_ request: RouteRequest, _ service: ParleyService, scope: Scope?) throws -> HTTPResponse {
        let db = try service.db()
        let query = request.query
        var validation = ParameterValidation(context: service.context, database: db, errors: request.unknownParameters)
        var clauses = FilterClauses()
        addFilters(query, to: &clauses, validation: &validation, scope: scope)
        if let text = query["q"], validation.checkText(text, "q") {
            do {
                let fts = try SearchExpression.fts(try SearchExpression.tokenize(text), database: db)
                let matches = "SELECT DISTINCT s.id AS id FROM search s WHERE search MATCH ? AND s.collection = ?"
                clauses.add(
                    "r.id IN (\(matches))", [.text(fts), .text(collection)], binding: "q=\(text)",
                    driver: (matches, [.text(fts), .text(collection)]))
            } catch let problem as Problem {
                validation.add(
                    "q", problem.errors.first?.code ?? .invalidSearch, problem.errors.first?.detail ?? problem.detail)
            }
        }
        let sort = SortOrder.parse(query["sort"], spec: spec, validation: &validation)
        let projection = Projection(
            fields: validation.keys(query, "fields", allowed: fieldNames),
            includes: validation.keys(query, "include", allowed: includable) ?? [], spec: spec)
        let export = request.format == .csv || request.format == .ndjson
        let limit: Int? = export && query["limit"] == nil ? nil : validation.integer(query, .limit)
        try validation.throwIfInvalid()

        let binding = ([collection] + clauses.binding + ["sort=\(sort.canonical)", service.context.datasetVersion])
            .joined(separator: "|")
        let total = try SearchErrors.mapping { try count(clauses, database: db, cache: service.counts) }
        var keyset: (sql: String, arguments: [StatementArgument])?
        if let text = query["cursor"] {
            guard let after = sort.after(try Cursor.decode(text, binding: binding)) else {
                throw Problem.invalidParameter(
                    "cursor", .foreignCursor, "does not fit this sort; start again without cursor")
            }
            keyset = after
        }
        let rowLimit = (limit ?? Int(Int32.max - 1)) + 1
        let (sql, arguments) = pageQuery(
            clauses, keyset: keyset, sort: sort, total: total, limit: rowLimit,
            size: service.context.info.counts[collection] ?? 0)
        let rows = RowShape(sortValues: sort.terms.count, projection: projection, lookup: CompactLookup(database: db))

        guard let limit else {
            // A whole export streams: rows are read and written as the client takes them.
            let statement = try db.prepare(sql)
            try statement.bind(arguments)
            let stream = ExportStream(statement: statement, rows: rows, format: request.format)
            return HTTPResponse(
                status: .ok, contentType: request.format.contentType, headers: [("X-Total-Count", String(total))],
                bodyStream: stream)
        }
        let statement = try db.cachedStatement(sql)
        try statement.bind(arguments)
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
                total: total, limit: limit, dataset: service.context.datasetVersion, selfLink: selfLink, next: next))
        if let next { response.addHeader("Link", "<\(next)>; rel=\"next\"") }
        return response
    }

    /// The number of records the filters select: from the first driver's ids when there is one
    /// (an index range, not the whole collection), cached for the life of the store.
    private func count(_ clauses: FilterClauses, database db: Database, cache: CountCache) throws -> Int {
        try cache.counts(for: ([collection] + clauses.binding).joined(separator: "|")) {
            let (from, arguments) = source(clauses, driven: clauses.driverIndex != nil)
            let statement = try db.cachedStatement("SELECT count(*)" + from)
            try statement.bind(arguments)
            return [try statement.step() ? statement.int(0) : 0]
        }[0]
    }

    /// ` FROM … WHERE …` for the filters, with its arguments: `driven`, from the first driver's ids
    /// (CROSS JOIN keeps that order: the driver's index first, then each record by primary key);
    /// otherwise the collection through the sort index, each row tested.
    private func source(_ clauses: FilterClauses, driven: Bool) -> (String, [StatementArgument]) {
        if driven, let driving = clauses.driverIndex, let driver = clauses.conditions[driving].driver {
            let (rest, arguments) = clauses.sql(skipping: driving)
            return (
                " FROM (\(driver.sql)) m CROSS JOIN records r ON r.collection = ? AND r.id = m.id WHERE 1" + rest,
                driver.arguments + [.text(collection)] + arguments
            )
        }
        let (rest, arguments) = clauses.sql()
        return (" FROM records r WHERE r.collection = ?" + rest, [.text(collection)] + arguments)
    }

    /// The page's SQL, run whichever way round is cheaper. Walking the sort index and testing each
    /// record finds a page after about limit × size / total rows; fetching the matches through a
    /// driver and sorting them costs about total rows. So the driver is used only when the matches
    /// are few (total² ≤ limit × size): then the sort is over those few rows only, and otherwise
    /// no sort happens at all.
    private func pageQuery(
        _ clauses: FilterClauses, keyset: (sql: String, arguments: [StatementArgument])?, sort: SortOrder,
        total: Int, limit: Int, size: Int
    ) -> (String, [StatementArgument]) {
        let columns = (["r.id"] + sort.selectExpressions + ["r.json"]).joined(separator: ", ")
        let (from, arguments) = source(clauses, driven: total * total <= limit * size)
        return (
            "SELECT " + columns + from + (keyset.map { " AND " + $0.sql } ?? "") + " ORDER BY " + sort.orderBy
                + " LIMIT ?",
            arguments + (keyset?.arguments ?? []) + [.int(limit)]
        )
    }

    private func addFilters(
        _ query: QueryParameters, to clauses: inout FilterClauses, validation: inout ParameterValidation, scope: Scope?
    ) {
        let roles = filters.first { if case .role = $0.kind { return true } else { return false } }.flatMap {
            validation.choices(query, $0.parameter)
        }
        var rolesUsed = false
        if let scope {
            // An actor's talks with `role`: that actor in that role.
            let withRoles = scope.field == "participants.actor" ? roles ?? [] : []
            rolesUsed = !withRoles.isEmpty
            clauses.addReference(
                in: collection, field: scope.field, ids: [scope.id], roles: withRoles,
                binding: "scope:\(scope.field)=\(scope.id)")
        }
        for filter in filters {
            switch filter.kind {
            case .reference(let field, let target):
                guard let ids = validation.ids(query, filter.parameter, collection: target) else { continue }
                // `actor` with `role` means that actor in that role, in one participant entry.
                let withRoles = field == "participants.actor" ? roles ?? [] : []
                rolesUsed = rolesUsed || !withRoles.isEmpty
                clauses.addReference(
                    in: collection, field: field, ids: ids, roles: withRoles,
                    binding: "\(filter.parameter.name)=\(ids.joined(separator: ","))")
            case .attribute(let field, let allowed):
                guard
                    let values = allowed == nil
                        ? validation.texts(query, filter.parameter) : validation.choices(query, filter.parameter)
                else { continue }
                clauses.addAttribute(
                    in: collection, field: field, values: values,
                    binding: "\(filter.parameter.name)=\(values.joined(separator: ","))")
            case .role, .asOf:
                continue
            }
        }
        if let roles, !rolesUsed {
            clauses.addAttribute(
                in: collection, field: "role", values: roles, binding: "role=\(roles.joined(separator: ","))")
        }
        if filters.contains(where: { if case .asOf = $0.kind { return true } else { return false } }),
            let day = validation.date(query, CollectionFilter.asOf.parameter)
        {
            clauses.addInForce(on: day)
        }
        if dated { clauses.addDateRange(query, validation: &validation) }
    }

    func item(_ request: RouteRequest, _ service: ParleyService) throws -> HTTPResponse {
        let id = request.pathParameters["id"] ?? ""
        let db = try service.db()
        var validation = ParameterValidation(context: service.context, database: db, errors: request.unknownParameters)
        let projection = Projection(
            fields: validation.keys(request.query, "fields", allowed: fieldNames),
            includes: validation.keys(request.query, "include", allowed: includable) ?? [], spec: spec)
        try validation.throwIfInvalid()
        guard let statement = try db.recordJSON(id, in: collection) else {
            return try MovedRecord.answer(request, id: id, collection: collection, service: service)
        }
        var json = JSONWriter(capacity: 2048)
        json.beginObject()
        json.key("data")
        try projection.write(statement, column: 0, to: &json, lookup: CompactLookup(database: db))
        json.objectMember("meta") { json in
            json.member("dataset", service.context.datasetVersion)
            projection.writeSelectedFields(to: &json)
        }
        json.endObject()
        return .json(json)
    }

    var itemParameters: [ParameterSpec] {
        listParameters.filter { $0.name == "fields" || $0.name == "include" }
    }
}

import Store

/// Every collection's list and item endpoints, and the sub-collections the frontend's pages use.
/// Each collection — fields, sort keys, filters — is described once, in the store's
/// `DatasetSchema` (`Store/Dataset/Collections/`); the endpoints are derived from it.
enum CollectionCatalog {
    static let all = DatasetSchema.collections.map(CollectionEndpoint.init)

    static func endpoint(_ collection: String) -> CollectionEndpoint {
        guard let endpoint = all.first(where: { $0.collection == collection }) else {
            preconditionFailure("no collection \(collection) in DatasetSchema")
        }
        return endpoint
    }

    /// `/v1/<collection>` and `/v1/<collection>/{id}` for every collection.
    static let routes: [Route] = all.flatMap { endpoint -> [Route] in
        let name = endpoint.operationName
        return [
            Route(
                "list\(name)", "/v1/\(endpoint.collection)",
                summary: "\(name) in \(endpoint.dated ? "chronological" : "name") order.",
                parameters: endpoint.listParameters, formats: [.json, .csv, .ndjson],
                schema: SchemaBuilder.records(endpoint.schemaName, list: true), handler: endpoint.list),
            Route(
                "get\(name)", "/v1/\(endpoint.collection)/{id}", summary: "One \(endpoint.recordType) by id.",
                parameters: endpoint.itemParameters, schema: SchemaBuilder.records(endpoint.schemaName, list: false),
                handler: endpoint.item),
        ]
    }

    /// Related lists the frontend's pages need: a process's talks, an actor's talks and events,
    /// a place's events. Each is the target collection's list, scoped by the path's id.
    static let subCollectionRoutes: [Route] = [
        subCollection(
            "listProcessTalks", "/v1/processes/{id}/talks", owner: "processes", of: endpoint("talks"),
            through: "process"),
        subCollection(
            "listActorTalks", "/v1/actors/{id}/talks", owner: "actors", of: endpoint("talks"),
            through: "participants.actor"),
        subCollection(
            "listActorEvents", "/v1/actors/{id}/events", owner: "actors", of: endpoint("events"), through: "actors"),
        subCollection(
            "listPlaceEvents", "/v1/places/{id}/events", owner: "places", of: endpoint("events"), through: "places"),
    ]

    private static func subCollection(
        _ operationID: String, _ pattern: String, owner: String, of endpoint: CollectionEndpoint,
        through field: String
    ) -> Route {
        Route(
            operationID, pattern,
            summary: "The \(endpoint.collection) whose \(field) is this \(owner.dropLast()) record.",
            parameters: endpoint.listParameters, formats: [.json, .csv, .ndjson],
            schema: SchemaBuilder.records(endpoint.schemaName, list: true)
        ) { request, context in
            let id = request.pathParameters["id"] ?? ""
            guard context.records.contains(id, in: owner, database: try context.db()) else {
                return try MovedRecord.answer(request, id: id, collection: owner, context: context)
            }
            return try endpoint.list(request, context, scope: CollectionEndpoint.Scope(field: field, id: id))
        }
    }
}

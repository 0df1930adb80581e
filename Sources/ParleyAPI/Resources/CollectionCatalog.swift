import Store

/// Every collection's list and item endpoints, with the filters each offers. The collections and
/// their fields come from the store's `DatasetSchema`; this table adds what the API exposes.
enum CollectionCatalog {
    static let processes = CollectionEndpoint(collection: "processes", recordType: "process", filters: [
        .reference("convenor", field: "convenors", collection: "actors", description: "Processes convened by any of these actors."),
    ])

    static let talks = CollectionEndpoint(collection: "talks", recordType: "talk", filters: [
        .reference("process", field: "process", collection: "processes",
                   description: "Talks in any of these processes (comma-separated process ids, e.g. astana,geneva)."),
        .reference("actor", field: "participants.actor", collection: "actors", description: "Talks any of these actors took part in (any role)."),
    ])

    static let resolutions = CollectionEndpoint(collection: "resolutions", recordType: "resolution", filters: [
        .reference("endorses", field: "endorses", collection: "documents", description: "Resolutions endorsing any of these documents."),
    ])

    static let documents = CollectionEndpoint(collection: "documents", recordType: "document", filters: [
        .reference("issued_by", field: "issued_by", collection: "actors", description: "Documents issued by any of these actors."),
        .reference("adopted_at", field: "adopted_at", collection: "talks", description: "Documents adopted at any of these talks."),
    ])

    static let taskForces = CollectionEndpoint(collection: "task-forces", recordType: "task-force", filters: [
        .reference("member", field: "members", collection: "actors", description: "Mechanisms with any of these actors as members."),
        .reference("chair", field: "chairs", collection: "actors", description: "Mechanisms chaired by any of these actors."),
    ])

    static let zones = CollectionEndpoint(collection: "zones", recordType: "zone", filters: [
        .reference("guarantor", field: "guarantors", collection: "actors", description: "Zones guaranteed by any of these actors."),
        .reference("governorate", field: "governorates", collection: "places", description: "Zones in any of these governorates."),
    ])

    static let actors = CollectionEndpoint(collection: "actors", recordType: "actor", filters: [])

    static let places = CollectionEndpoint(collection: "places", recordType: "place", filters: [
        .reference("governorate", field: "governorate", collection: "places", description: "Places in any of these governorates."),
    ])

    static let events = CollectionEndpoint(collection: "events", recordType: "event", filters: [
        .reference("actor", field: "actors", collection: "actors", description: "Events involving any of these actors."),
        .reference("place", field: "places", collection: "places", description: "Events at any of these places."),
    ])

    static let sources = CollectionEndpoint(collection: "sources", recordType: "source", filters: [])

    static let all: [CollectionEndpoint] = [processes, talks, resolutions, documents, taskForces, zones, actors, places, events, sources]

    /// `/v1/<collection>` and `/v1/<collection>/{id}` for every collection.
    static let routes: [Route] = all.flatMap { endpoint -> [Route] in
        let name = endpoint.operationName
        return [
            Route("list\(name)", "/v1/\(endpoint.collection)", summary: "\(name) in \(endpoint.dated ? "chronological" : "id") order.",
                  parameters: endpoint.listParameters, handler: endpoint.list),
            Route("get\(name)", "/v1/\(endpoint.collection)/{id}", summary: "One \(endpoint.recordType) by id.", handler: endpoint.item),
        ]
    }

    /// Related lists the frontend's pages need: a process's talks, an actor's talks and events,
    /// a place's events. Each is the target collection's list, scoped by the path's id.
    static let subCollectionRoutes: [Route] = [
        subCollection("listProcessTalks", "/v1/processes/{id}/talks", owner: "processes", of: talks, through: "process"),
        subCollection("listActorTalks", "/v1/actors/{id}/talks", owner: "actors", of: talks, through: "participants.actor"),
        subCollection("listActorEvents", "/v1/actors/{id}/events", owner: "actors", of: events, through: "actors"),
        subCollection("listPlaceEvents", "/v1/places/{id}/events", owner: "places", of: events, through: "places"),
    ]

    private static func subCollection(_ operationID: String, _ pattern: String, owner: String, of endpoint: CollectionEndpoint,
                                      through field: String) -> Route {
        Route(operationID, pattern, summary: "The \(endpoint.collection) whose \(field) is this \(owner.dropLast()) record.",
              parameters: endpoint.listParameters) { request, service in
            let id = request.pathParameters["id"] ?? ""
            guard service.context.ids[owner]?.contains(id) ?? false else {
                throw Problem(type: .notFound, detail: "No \(owner) record has the id \(id). GET /v1/\(owner) lists them.")
            }
            return try endpoint.list(request, service, scope: CollectionEndpoint.Scope(field: field, id: id))
        }
    }
}

import Store

/// Every collection's list and item endpoints, with the filters each offers. The collections and
/// their fields come from the store's `DatasetSchema`; this table adds what the API exposes.
enum CollectionCatalog {
    static let processes = CollectionEndpoint("processes") { _ in
        [
            .reference(
                "convenor", field: "convenors", collection: "actors",
                description: "Processes convened by any of these actors (ids or names).")
        ]
    }

    static let talks = CollectionEndpoint("talks") { spec in
        [
            .reference(
                "process", field: "process", collection: "processes",
                description: "Talks in any of these processes (comma-separated process ids, e.g. astana,geneva)."),
            .reference(
                "actor", field: "participants.actor", collection: "actors",
                description: "Talks any of these actors took part in (ids or any name or alias, e.g. ANF)."),
            .role,
            .text(
                "location", field: "location",
                description: "Talks held in any of these cities or countries (case and accents ignored)."),
            .choice(
                "status", field: "status", spec: spec,
                description:
                    "Talks with any of these statuses: held, planned (announced, not yet held when the source wrote), postponed, cancelled. "
                    + "Without it, every status is listed."),
        ]
    }

    static let resolutions = CollectionEndpoint("resolutions") { spec in
        [
            .choice("status", field: "status", spec: spec, description: "Resolutions with any of these statuses."),
            .reference(
                "endorses", field: "endorses", collection: "documents",
                description: "Resolutions endorsing any of these documents."),
            .reference(
                "sponsor", field: "sponsors", collection: "actors",
                description: "Resolutions sponsored by any of these actors."),
        ]
    }

    static let documents = CollectionEndpoint("documents") { spec in
        [
            .choice("kind", field: "kind", spec: spec, description: "Documents of any of these kinds."),
            .reference(
                "issued_by", field: "issued_by", collection: "actors",
                description: "Documents issued by any of these actors."),
            .reference(
                "adopted_at", field: "adopted_at", collection: "talks",
                description: "Documents adopted at any of these talks."),
            .asOf,
        ]
    }

    static let taskForces = CollectionEndpoint("task-forces") { spec in
        [
            .choice("kind", field: "kind", spec: spec, description: "Mechanisms of any of these kinds."),
            .reference(
                "member", field: "members", collection: "actors",
                description: "Mechanisms with any of these actors as members."),
            .reference(
                "chair", field: "chairs", collection: "actors",
                description: "Mechanisms chaired by any of these actors."),
            .text("location", field: "location", description: "Mechanisms seated in any of these cities or countries."),
            .asOf,
        ]
    }

    static let zones = CollectionEndpoint("zones") { _ in
        [
            .reference(
                "guarantor", field: "guarantors", collection: "actors",
                description: "Zones guaranteed by any of these actors."),
            .reference(
                "governorate", field: "governorates", collection: "places",
                description: "Zones in any of these governorates."),
            .asOf,
        ]
    }

    static let actors = CollectionEndpoint("actors") { spec in
        [
            .choice("kind", field: "kind", spec: spec, description: "Actors of any of these kinds."),
            .text("country", field: "country", description: "Actors of any of these countries."),
        ]
    }

    static let places = CollectionEndpoint("places") { spec in
        [
            .choice("kind", field: "kind", spec: spec, description: "Places of any of these kinds."),
            .reference(
                "governorate", field: "governorate", collection: "places",
                description: "Places in any of these governorates."),
        ]
    }

    static let events = CollectionEndpoint("events") { spec in
        [
            .choice("kind", field: "kind", spec: spec, description: "Events of any of these kinds."),
            .reference(
                "actor", field: "actors", collection: "actors",
                description: "Events involving any of these actors (ids or names)."),
            .reference(
                "place", field: "places", collection: "places",
                description: "Events at any of these places (ids or names, e.g. Deir al-Zour)."),
        ]
    }

    static let sources = CollectionEndpoint("sources") { spec in
        [
            .choice("kind", field: "kind", spec: spec, description: "Sources of any of these kinds.")
        ]
    }

    static let all: [CollectionEndpoint] = [
        processes, talks, resolutions, documents, taskForces, zones, actors, places, events, sources,
    ]

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
            "listProcessTalks", "/v1/processes/{id}/talks", owner: "processes", of: talks, through: "process"),
        subCollection(
            "listActorTalks", "/v1/actors/{id}/talks", owner: "actors", of: talks, through: "participants.actor"),
        subCollection("listActorEvents", "/v1/actors/{id}/events", owner: "actors", of: events, through: "actors"),
        subCollection("listPlaceEvents", "/v1/places/{id}/events", owner: "places", of: events, through: "places"),
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
        ) { request, service in
            let id = request.pathParameters["id"] ?? ""
            guard service.context.records.contains(id, in: owner, database: try service.db()) else {
                return try MovedRecord.answer(request, id: id, collection: owner, service: service)
            }
            return try endpoint.list(request, service, scope: CollectionEndpoint.Scope(field: field, id: id))
        }
    }
}

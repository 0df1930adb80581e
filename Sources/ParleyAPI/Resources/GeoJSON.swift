import HTTPServer
import Store

/// `/v1/zones.geojson`: the de-escalation zones as a GeoJSON FeatureCollection (RFC 7946) for the
/// map. Geometries are approximate; each feature says so in its properties.
enum GeoJSON {
    /// The zones list's own `as_of`.
    static let asOf = ParameterSpec(filter: .asOf, in: CollectionCatalog.endpoint("zones").spec)
    static let parameters: [ParameterSpec] = [asOf]

    static let routes: [Route] = [
        Route(
            "zonesGeoJSON", "/v1/zones.geojson",
            summary: "The zones as a GeoJSON FeatureCollection (approximate outlines).",
            parameters: parameters, formats: [.geojson, .json], schema: EndpointSchemas.geoJSON, handler: zones)
    ]

    static func zones(_ request: RouteRequest, _ context: HandlerContext) throws -> HTTPResponse {
        let db = try context.db()
        var validation = ParameterValidation(records: context.records, database: db, errors: request.unknownParameters)
        let day = validation.date(request.query, asOf)
        try validation.throwIfInvalid()
        let statement = try db.zones(inForceOn: day)
        var json = JSONWriter(capacity: 16384)
        json.beginObject()
        json.member("type", "FeatureCollection")
        json.key("features")
        json.beginArray()
        while try statement.step() {
            guard case .object(let members) = try JSONParser.parse(statement.text(0) ?? "{}") else { continue }
            let geometry = members.first { $0.key == "geometry" }?.value ?? .null
            json.beginObject()
            json.member("type", "Feature")
            json.member("id", members.first { $0.key == "id" }?.value.stringValue)
            json.key("geometry")
            if case .object(let parts) = geometry {
                // RFC 7946 geometry members only; the approximate flag moves to the properties.
                json.value(.object(parts.filter { $0.key == "type" || $0.key == "coordinates" }))
            } else {
                json.null()
            }
            json.key("properties")
            json.beginObject()
            for member in members where member.key != "geometry" && member.key != "sources" {
                json.key(member.key)
                json.value(member.value)
            }
            json.member("approximate", geometry["approximate"] == .bool(true))
            json.member("url", "/v1/zones/\(members.first { $0.key == "id" }?.value.stringValue ?? "")")
            json.endObject()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return HTTPResponse(status: .ok, contentType: request.format.contentType, body: json.bytes)
    }
}

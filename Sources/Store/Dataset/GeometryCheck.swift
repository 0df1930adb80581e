/// Validates a zone's `geometry`: a GeoJSON Polygon or MultiPolygon (RFC 7946) of closed rings of
/// [longitude, latitude] positions, marked `"approximate": true` because the sources give no borders.
enum GeometryCheck {
    static func problems(_ geometry: JSONValue) -> [String] {
        guard geometry["approximate"] == .bool(true) else {
            return ["must carry \"approximate\": true (the sources give no borders)"]
        }
        switch geometry["type"]?.stringValue {
        case "Polygon":
            return polygon(geometry["coordinates"])
        case "MultiPolygon":
            guard let polygons = geometry["coordinates"]?.arrayValue, !polygons.isEmpty else {
                return ["MultiPolygon needs a list of polygons"]
            }
            return polygons.flatMap(polygon)
        default:
            return ["type must be Polygon or MultiPolygon"]
        }
    }

    private static func polygon(_ value: JSONValue?) -> [String] {
        guard let rings = value?.arrayValue, !rings.isEmpty else { return ["a polygon needs at least one ring"] }
        for ring in rings {
            guard let positions = ring.arrayValue, positions.count >= 4 else {
                return ["a ring needs at least four positions"]
            }
            for position in positions {
                guard let pair = position.arrayValue, pair.count == 2, let lon = pair[0].doubleValue,
                    let lat = pair[1].doubleValue,
                    (-180...180).contains(lon), (-90...90).contains(lat)
                else {
                    return ["positions are [longitude, latitude] in range"]
                }
            }
            if positions.first != positions.last { return ["a ring must end where it starts"] }
        }
        return []
    }
}

/// The `zones` collection: its fields, the fields its lists also sort by (`x1`–`x3`), and its filters.
extension DatasetSchema {
    static let zones = CollectionSpec(
        name: "zones", recordType: "zone",
        fields: [
            FieldSpec("number", .integer, nullable: true),
            FieldSpec("name", .string),
            FieldSpec("aliases", .list(.string), required: false, doc: "Other names the sources give the zone."),
            FieldSpec("areas", .list(.string)),
            FieldSpec("governorates", .list(.reference(["places"]))),
            FieldSpec("guarantors", .list(.reference(["actors"]))),
            FieldSpec("established_by", .reference(["documents", "talks"]), nullable: true),
            FieldSpec("valid_from", .date, nullable: true),
            FieldSpec("valid_to", .date, nullable: true),
            FieldSpec(
                "geometry", .any, nullable: true,
                doc: "GeoJSON Polygon or MultiPolygon with \"approximate\": true (checked by GeometryCheck)."),
        ], titleField: "name", spanFields: ("valid_from", "valid_to"), precisionField: nil,
        sortFields: ["valid_from", "valid_to"],
        filters: [
            FilterSpec(
                "guarantor", .reference(field: "guarantors", collection: "actors"),
                "Zones guaranteed by any of these actors."),
            FilterSpec(
                "governorate", .reference(field: "governorates", collection: "places"),
                "Zones in any of these governorates."),
            .asOf,
        ])
}

/// The `places` collection: its fields, the fields its lists also sort by (`x1`–`x3`), and its filters.
extension DatasetSchema {
    static let places = CollectionSpec(
        name: "places", recordType: "place",
        fields: [
            FieldSpec(
                "kind",
                .choice([
                    "city", "town", "village", "district", "neighbourhood", "besieged-area", "region", "governorate",
                    "road", "border-crossing", "country",
                ])),
            FieldSpec("name", .string),
            FieldSpec("aliases", .list(.string)),
            FieldSpec("governorate", .reference(["places"]), nullable: true),
            FieldSpec("coordinates", .object([FieldSpec("lat", .number), FieldSpec("lon", .number)]), nullable: true),
        ], titleField: "name", spanFields: nil, precisionField: nil,
        sortFields: ["governorate"],
        filters: [
            FilterSpec("kind", .choice(field: "kind"), "Places of any of these kinds."),
            FilterSpec(
                "governorate", .reference(field: "governorate", collection: "places"),
                "Places in any of these governorates."),
        ])
}

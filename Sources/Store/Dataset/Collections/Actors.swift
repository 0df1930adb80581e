/// The `actors` collection: its fields, the fields its lists also sort by (`x1`–`x3`), and its filters.
extension DatasetSchema {
    static let actors = CollectionSpec(
        name: "actors", recordType: "actor",
        fields: [
            FieldSpec(
                "kind",
                .choice(["state", "organisation", "person", "armed-group", "political-group", "coalition", "media"])),
            FieldSpec("name", .string),
            FieldSpec("aliases", .list(.string)),
            FieldSpec("country", .string, nullable: true),
            FieldSpec(
                "positions",
                .list(
                    .object([
                        FieldSpec("title", .string),
                        FieldSpec("org", .reference(["actors"]), nullable: true),
                        FieldSpec("from", .date, nullable: true),
                        FieldSpec("to", .date, nullable: true),
                    ])), required: false),
        ], titleField: "name", spanFields: nil, precisionField: nil,
        sortFields: ["country"],
        filters: [
            FilterSpec("kind", .choice(field: "kind"), "Actors of any of these kinds."),
            FilterSpec("country", .text(paths: ["country"]), "Actors of any of these countries."),
        ])
}

/// The `taskForces` collection: its fields, the fields its lists also sort by (`x1`–`x3`), and its filters.
extension DatasetSchema {
    static let taskForces = CollectionSpec(
        name: "task-forces", recordType: "task-force",
        fields: [
            FieldSpec("kind", .choice(["ceasefire", "humanitarian", "monitoring", "coordination", "reconciliation"])),
            FieldSpec("name", .string),
            FieldSpec("aliases", .list(.string), required: false),
            FieldSpec("established_date", .date, nullable: true),
            FieldSpec("date_precision", .choice(precisions), nullable: true),
            FieldSpec("established_by", .reference(["talks", "documents", "resolutions"]), nullable: true),
            FieldSpec("chairs", .list(.reference(["actors"]))),
            FieldSpec("members", .list(.reference(["actors"]))),
            FieldSpec("seat", place, nullable: true),
            FieldSpec("mandate", .list(.string)),
            FieldSpec("valid_from", .date, nullable: true),
            FieldSpec("valid_to", .date, nullable: true),
        ], titleField: "name", spanFields: ("established_date", "valid_to"), precisionField: "established_date",
        sortFields: ["valid_from", "valid_to"],
        filters: [
            FilterSpec("kind", .choice(field: "kind"), "Mechanisms of any of these kinds."),
            FilterSpec(
                "member", .reference(field: "members", collection: "actors"),
                "Mechanisms with any of these actors as members."),
            FilterSpec(
                "chair", .reference(field: "chairs", collection: "actors"), "Mechanisms chaired by any of these actors."
            ),
            FilterSpec(
                "location", .text(paths: ["seat.city", "seat.country"]),
                "Mechanisms seated in any of these cities or countries."),
            .asOf,
        ])
}

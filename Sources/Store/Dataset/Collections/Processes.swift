/// The `processes` collection: its fields, the fields its lists also sort by (`x1`–`x3`), and its filters.
extension DatasetSchema {
    static let processes = CollectionSpec(
        name: "processes", recordType: "process",
        fields: [
            FieldSpec("name", .string),
            FieldSpec("aliases", .list(.string)),
            FieldSpec("start_date", .date, nullable: true),
            FieldSpec("end_date", .date, nullable: true),
            FieldSpec("date_precision", .choice(precisions), nullable: true),
            FieldSpec("convenors", .list(.reference(["actors"]))),
        ], titleField: "name", spanFields: ("start_date", "end_date"), precisionField: "start_date",
        sortFields: ["start_date", "end_date"],
        filters: [
            FilterSpec(
                "convenor", .reference(field: "convenors", collection: "actors"),
                "Processes convened by any of these actors (ids or names).")
        ])
}

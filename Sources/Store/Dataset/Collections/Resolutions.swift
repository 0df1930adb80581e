/// The `resolutions` collection: its fields, the fields its lists also sort by (`x1`–`x3`), and its filters.
extension DatasetSchema {
    static let resolutions = CollectionSpec(
        name: "resolutions", recordType: "resolution",
        fields: [
            FieldSpec("number", .integer, nullable: true),
            FieldSpec("symbol", .string, nullable: true),
            FieldSpec("title", .string),
            FieldSpec("aliases", .list(.string), required: false, doc: "Other names the sources give the resolution."),
            FieldSpec("date", .date),
            FieldSpec("date_precision", .choice(precisions)),
            FieldSpec("status", .choice(["adopted", "vetoed", "not-adopted", "draft"])),
            FieldSpec(
                "vote",
                .object([
                    FieldSpec("for", .integer, nullable: true),
                    FieldSpec("against", .integer, nullable: true),
                    FieldSpec("abstain", .integer, nullable: true),
                    FieldSpec("vetoed_by", .list(.reference(["actors"])), required: false),
                ]), nullable: true),
            FieldSpec("sponsors", .list(.reference(["actors"])), required: false),
            FieldSpec("endorses", .list(.reference(["documents", "resolutions"]))),
            FieldSpec("provisions", .list(.string)),
        ], titleField: "title", spanFields: ("date", nil), precisionField: "date",
        sortFields: [],
        filters: [
            FilterSpec("status", .choice(field: "status"), "Resolutions with any of these statuses."),
            FilterSpec(
                "endorses", .reference(field: "endorses", collection: "documents"),
                "Resolutions endorsing any of these documents."),
            FilterSpec(
                "sponsor", .reference(field: "sponsors", collection: "actors"),
                "Resolutions sponsored by any of these actors."),
        ])
}

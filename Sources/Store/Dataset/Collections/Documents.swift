/// The `documents` collection: its fields, the fields its lists also sort by (`x1`–`x3`), and its filters.
extension DatasetSchema {
    static let documents = CollectionSpec(
        name: "documents", recordType: "document",
        fields: [
            FieldSpec(
                "kind",
                .choice([
                    "communique", "joint-statement", "statement", "memorandum", "agreement", "declaration", "plan",
                    "letter", "report",
                ])),
            FieldSpec("title", .string),
            FieldSpec("aliases", .list(.string), required: false, doc: "Other names the sources give the text."),
            FieldSpec("date", .date),
            FieldSpec("date_precision", .choice(precisions)),
            FieldSpec("issued_by", .list(.reference(["actors"]))),
            FieldSpec("adopted_at", .reference(["talks"]), nullable: true),
            FieldSpec("endorses", .list(.reference(["documents", "resolutions"]))),
            FieldSpec("provisions", .list(.string)),
            FieldSpec("valid_from", .date, required: false, nullable: true),
            FieldSpec("valid_to", .date, required: false, nullable: true),
        ], titleField: "title", spanFields: ("date", nil), precisionField: "date",
        sortFields: ["valid_from", "valid_to"],
        filters: [
            FilterSpec("kind", .choice(field: "kind"), "Documents of any of these kinds."),
            FilterSpec(
                "issued_by", .reference(field: "issued_by", collection: "actors"),
                "Documents issued by any of these actors."),
            FilterSpec(
                "adopted_at", .reference(field: "adopted_at", collection: "talks"),
                "Documents adopted at any of these talks."),
            .asOf,
        ])
}

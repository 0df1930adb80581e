/// The `sources` collection: its fields, the fields its lists also sort by (`x1`–`x3`), and its filters.
extension DatasetSchema {
    static let sources = CollectionSpec(
        name: "sources", recordType: "source",
        fields: [
            FieldSpec("title", .string),
            FieldSpec(
                "kind", .choice(["encyclopedia-article", "news-report", "research-log", "backgrounder", "news-digest"])),
            FieldSpec("publisher", .string, nullable: true),
            FieldSpec("author", .string, nullable: true),
            FieldSpec("published", .date, nullable: true),
            FieldSpec("url", .string, nullable: true),
            FieldSpec("file", .string),
            FieldSpec("lines", .integer, doc: "Number of lines in the file."),
        ], titleField: "title", spanFields: nil, precisionField: nil,
        sortFields: ["published", "author", "publisher"],
        filters: [
            FilterSpec("kind", .choice(field: "kind"), "Sources of any of these kinds.")
        ])
}

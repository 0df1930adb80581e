/// The `events` collection: its fields, the fields its lists also sort by (`x1`–`x3`), and its filters.
extension DatasetSchema {
    static let events = CollectionSpec(
        name: "events", recordType: "event",
        fields: [
            FieldSpec("date", .date),
            FieldSpec("end_date", .date, required: false, nullable: true),
            FieldSpec("date_precision", .choice(precisions)),
            FieldSpec(
                "kind",
                .choice([
                    "ceasefire-agreed", "ceasefire-start", "ceasefire-violation", "ceasefire-collapse", "aid-delivery",
                    "airdrop", "evacuation", "siege", "attack", "offensive", "suspension", "resumption", "call",
                    "announcement", "statement", "agreement", "appointment", "withdrawal", "postponement", "meeting",
                    "other",
                ])),
            FieldSpec("title", .string),
            FieldSpec("actors", .list(.reference(["actors"]))),
            FieldSpec("places", .list(.reference(["places"]))),
            FieldSpec("related", .list(.typedReference)),
            FieldSpec("figures", .map(.number)),
        ], titleField: "title", spanFields: ("date", "end_date"), precisionField: "date",
        sortFields: ["end_date"],
        filters: [
            FilterSpec("kind", .choice(field: "kind"), "Events of any of these kinds."),
            FilterSpec(
                "actor", .reference(field: "actors", collection: "actors"),
                "Events involving any of these actors (ids or names)."),
            FilterSpec(
                "place", .reference(field: "places", collection: "places"),
                "Events at any of these places (ids or names, e.g. Deir al-Zour)."),
        ])
}

/// The `talks` collection: its fields, the fields its lists also sort by (`x1`–`x3`), and its filters.
extension DatasetSchema {
    static let talks = CollectionSpec(
        name: "talks", recordType: "talk",
        fields: [
            FieldSpec("process", .reference(["processes"])),
            FieldSpec("title", .string),
            FieldSpec("aliases", .list(.string), required: false, doc: "Other names the sources give the meeting."),
            FieldSpec("round", .integer, nullable: true),
            FieldSpec(
                "status", .choice(talkStatuses),
                doc: "held; planned (announced, not yet held when the source wrote); postponed; cancelled (called off)."
            ),
            FieldSpec(
                "status_announced", .date, required: false, nullable: true,
                doc:
                    "When the plan, postponement or cancellation was announced, where the sources say; absent for held talks."
            ),
            FieldSpec(
                "start_date", .date, nullable: true,
                doc: "Null only when the sources give no date (e.g. a meeting announced but not yet held)."),
            FieldSpec("end_date", .date, nullable: true),
            FieldSpec("date_precision", .choice(precisions), nullable: true),
            FieldSpec("location", place, nullable: true),
            FieldSpec(
                "participants",
                .list(
                    .object([
                        FieldSpec("actor", .reference(["actors"])),
                        FieldSpec(
                            "role",
                            .choice(participantRoles)),
                    ]))),
            FieldSpec("outcomes", .list(.reference(["documents", "resolutions"]))),
        ], titleField: "title", spanFields: ("start_date", "end_date"), precisionField: "start_date",
        sortFields: ["process", "start_date", "end_date"],
        filters: [
            FilterSpec(
                "process", .reference(field: "process", collection: "processes"),
                "Talks in any of these processes (comma-separated process ids, e.g. astana,geneva)."),
            FilterSpec(
                "actor", .reference(field: "participants.actor", collection: "actors"),
                "Talks any of these actors took part in (ids or any name or alias, e.g. ANF)."),
            FilterSpec(
                "role", .role, "Talks with a participant in any of these roles; with `actor`, that actor in that role."),
            FilterSpec(
                "location", .text(paths: ["location.city", "location.country"]),
                "Talks held in any of these cities or countries (case and accents ignored)."),
            FilterSpec(
                "status", .choice(field: "status"),
                "Talks with any of these statuses: held, planned (announced, not yet held when the source wrote), postponed, cancelled. "
                    + "Without it, every status is listed."),
        ])
}

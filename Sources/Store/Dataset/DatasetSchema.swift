/// The collections of the dataset and their fields, following `shared/API.md` (the contract) and
/// `Docs/dataset.md` (the codebook). One definition drives validation, canonical JSON order,
/// the store's columns and the documentation.
public enum DatasetSchema {
    /// Bumped whenever the store layout or a record shape changes; a store of another version is rebuilt.
    public static let version = 6

    static let precisions = ["day", "month", "year"]
    public static let talkStatuses = ["held", "planned", "postponed", "cancelled"]
    /// A talk participant's role (codebook §4.2); also the `role` filter's values.
    public static let participantRoles = [
        "chair", "co-chair", "guarantor", "mediator", "participant", "observer", "delegation", "boycotted",
    ]
    static let citation = FieldType.object([
        FieldSpec("source", .reference(["sources"]), doc: "Id of the corpus document."),
        FieldSpec("lines", .lineRange, doc: "1-based inclusive line range in that document."),
        FieldSpec("quote", .string, required: false, doc: "Verbatim text from those lines."),
    ])
    static let place = FieldType.object([
        FieldSpec("city", .string, nullable: true),
        FieldSpec("country", .string, nullable: true),
    ])

    /// Provenance and uncertainty, on every record of every collection.
    public static let commonFields: [FieldSpec] = [
        FieldSpec("summary", .string, doc: "What the record is, in the editors' own words."),
        FieldSpec("sources", .list(citation), doc: "The corpus lines the record rests on (at least one)."),
        FieldSpec(
            "conflicts",
            .list(
                .object([
                    FieldSpec("field", .string),
                    FieldSpec(
                        "values",
                        .list(
                            .object([
                                FieldSpec("value", .any, nullable: true),
                                FieldSpec("source", .reference(["sources"])),
                                FieldSpec("lines", .lineRange),
                            ]))),
                    FieldSpec("note", .string, required: false),
                ])), required: false, doc: "Where sources disagree: every claimed value with its citation."),
        FieldSpec("inferred", .boolean, required: false, doc: "A date or value was derived, not stated."),
        FieldSpec("inference_note", .string, required: false, doc: "How the inferred value was derived."),
        FieldSpec(
            "previous_ids", .list(.string), required: false,
            doc:
                "Ids the record had in earlier dataset versions (renamed, or merged into it); a GET on one answers 301 to this record."
        ),
    ]

    /// Fields computed at build time and present in served records (see `DerivedFields`).
    public static let derivedFields: [String: [String]] = [
        "processes": ["talks_count"], "sources": ["citations_count"],
    ]

    public static let collections: [CollectionSpec] = [
        processes, talks, resolutions, documents, taskForces, zones, actors, places, events, sources,
    ]

    public static func collection(named name: String) -> CollectionSpec? {
        collections.first { $0.name == name }
    }

    public static func collection(recordType: String) -> CollectionSpec? {
        collections.first { $0.recordType == recordType }
    }

    static let processes = CollectionSpec(
        name: "processes", recordType: "process",
        fields: [
            FieldSpec("name", .string),
            FieldSpec("aliases", .list(.string)),
            FieldSpec("start_date", .date, nullable: true),
            FieldSpec("end_date", .date, nullable: true),
            FieldSpec("date_precision", .choice(precisions), nullable: true),
            FieldSpec("convenors", .list(.reference(["actors"]))),
        ], titleField: "name", spanFields: ("start_date", "end_date"), precisionField: "start_date")

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
        ], titleField: "title", spanFields: ("start_date", "end_date"), precisionField: "start_date")

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
        ], titleField: "title", spanFields: ("date", nil), precisionField: "date")

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
        ], titleField: "title", spanFields: ("date", nil), precisionField: "date")

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
        ], titleField: "name", spanFields: ("established_date", "valid_to"), precisionField: "established_date")

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
        ], titleField: "name", spanFields: ("valid_from", "valid_to"), precisionField: nil)

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
        ], titleField: "name", spanFields: nil, precisionField: nil)

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
        ], titleField: "name", spanFields: nil, precisionField: nil)

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
        ], titleField: "title", spanFields: ("date", "end_date"), precisionField: "date")

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
        ], titleField: "title", spanFields: nil, precisionField: nil)
}

/// The collections of the dataset and their fields, following `shared/API.md` (the contract) and
/// `Docs/dataset.md` (the codebook). One definition drives validation, canonical JSON order,
/// the store's columns and the documentation.
public enum DatasetSchema {
    /// Bumped whenever a record shape changes; a store of another version is rebuilt. (A change of
    /// a collection's filters or sort fields is noticed by itself: `StoreSchema.layoutFingerprint`.)
    public static let version = 7

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

    /// Filters on every collection, beside the provenance fields they read.
    public static let commonFilters: [FilterSpec] = [
        FilterSpec(
            "disputed", .hasValue(field: "conflicts"),
            "true: only records whose sources disagree on a value (a non-empty `conflicts`, each claim cited); "
                + "false: only records without conflicts.")
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
}

/// One collection of the dataset, described once: its fields and how its records are dated (for
/// validation, canonical JSON and the store's columns), the fields its lists also sort by, and the
/// filters its lists offer. The store schema, the service's parameter validation, the OpenAPI
/// document, the CSV header and `include` are all derived from this value; one file per collection
/// (`Dataset/Collections/`) holds it.
public struct CollectionSpec: Sendable {
    /// Plural, as in paths and file names: `talks`, `task-forces`.
    public let name: String
    /// Singular record type, as in search results and `related[].type`: `talk`, `task-force`.
    public let recordType: String
    public let fields: [FieldSpec]
    /// The field holding the record's display title.
    public let titleField: String
    /// The fields whose dates bound the record's span (start, end); nil when undated.
    public let spanFields: (start: String, end: String?)?
    /// The date field `date_precision` describes, when the collection has one.
    public let precisionField: String?
    /// Fields the shared sort columns do not hold, kept in `x1`–`x3` (at most three) so lists can
    /// sort by them through an index (`SortKeys`).
    public let sortFields: [String]
    /// The collection's own filters; `allFilters` adds those every collection has.
    public let filters: [FilterSpec]

    init(
        name: String, recordType: String, fields: [FieldSpec], titleField: String,
        spanFields: (start: String, end: String?)?, precisionField: String?, sortFields: [String] = [],
        filters: [FilterSpec] = []
    ) {
        self.name = name
        self.recordType = recordType
        self.fields = fields
        self.titleField = titleField
        self.spanFields = spanFields
        self.precisionField = precisionField
        self.sortFields = sortFields
        self.filters = filters
    }

    public var fileName: String { name + ".json" }

    /// Every field in canonical order: `id`, the collection's own, then the provenance fields.
    public var allFields: [FieldSpec] {
        [FieldSpec("id", .string, doc: "Stable lowercase slug.")] + fields + DatasetSchema.commonFields
    }

    /// Every filter the collection's lists offer: its own, then those on every collection.
    public var allFilters: [FilterSpec] { filters + DatasetSchema.commonFilters }

    public func field(named name: String) -> FieldSpec? {
        allFields.first { $0.name == name }
    }
}

/// The type of a dataset field: a small schema language, enough to validate the hand-edited
/// JSON, to order its members canonically, and (in the service layer) to describe it in OpenAPI.
public indirect enum FieldType: Sendable {
    /// A non-empty string.
    case string
    case integer
    case number
    case boolean
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    case date
    /// One of a closed list of values.
    case choice([String])
    /// The id of a record in one of these collections.
    case reference([String])
    case list(FieldType)
    /// An object with exactly these members (those not required may be absent).
    case object([FieldSpec])
    /// An object with free member names, each value of this type (e.g. `figures`).
    case map(FieldType)
    /// `[from, to]`, 1-based inclusive line numbers.
    case lineRange
    /// `{"type": "<record type>", "id": "<id>"}`: a reference to a record of any collection.
    case typedReference
    /// Any JSON (a conflict's claimed value; a zone's geometry, which `GeometryCheck` validates).
    case any
}

public struct FieldSpec: Sendable {
    public let name: String
    public let type: FieldType
    /// The member must be present.
    public let required: Bool
    /// The value may be `null`.
    public let nullable: Bool
    public let doc: String

    public init(_ name: String, _ type: FieldType, required: Bool = true, nullable: Bool = false, doc: String = "") {
        self.name = name
        self.type = type
        self.required = required
        self.nullable = nullable
        self.doc = doc
    }
}

/// One collection of the dataset: its file, fields and how its records are dated.
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

    public var fileName: String { name + ".json" }

    /// Every field in canonical order: `id`, the collection's own, then the provenance fields.
    public var allFields: [FieldSpec] {
        [FieldSpec("id", .string, doc: "Stable lowercase slug.")] + fields + DatasetSchema.commonFields
    }

    public func field(named name: String) -> FieldSpec? {
        allFields.first { $0.name == name }
    }
}

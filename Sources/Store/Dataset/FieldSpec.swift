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

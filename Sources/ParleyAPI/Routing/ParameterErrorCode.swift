/// The machine-readable kind of each `errors[]` entry of an `invalid-parameter` problem, so that
/// a client or a fuzzer can tell a deliberate refusal (an id no record has, a cursor this server did
/// not issue) from a request its own schema should have prevented, without matching message text.
enum ParameterErrorCode: String, Sendable, CaseIterable {
    /// A parameter the endpoint does not take.
    case unknownParameter = "unknown-parameter"
    /// The same parameter twice (lists are comma-separated instead).
    case repeatedParameter = "repeated-parameter"
    /// A bad percent-escape, or bytes that are not UTF-8 once decoded.
    case malformedEncoding = "malformed-encoding"
    /// A control character (U+0000–U+001F, U+007F) in a value.
    case controlCharacter = "control-character"
    /// An empty value, or an empty item in a comma list.
    case emptyValue = "empty-value"
    /// A value outside a closed list (`status=happened`).
    case invalidValue = "invalid-value"
    /// A key `sort`, `fields` or `include` does not know.
    case unknownKey = "unknown-key"
    /// Not a date of the form YYYY, YYYY-MM or YYYY-MM-DD that exists in the calendar.
    case invalidDate = "invalid-date"
    /// A number or line range outside the allowed bounds.
    case outOfRange = "out-of-range"
    /// A range the schema cannot express: `to` before `from`, lines backwards or too many at once.
    case invalidRange = "invalid-range"
    /// Lines past the end of that source (how many a source has is data, not schema).
    case beyondSource = "beyond-source"
    /// A well-formed id or name that no record has: deliberate, so a mistyped id fails loudly.
    case unknownReference = "unknown-reference"
    /// A cursor this server did not issue for this query (edited, from another query or an
    /// earlier dataset version): deliberate, cursors are opaque.
    case foreignCursor = "foreign-cursor"
    /// A search expression that does not parse (unbalanced parentheses or quotes, a dangling operator).
    case invalidSearch = "invalid-search"
    /// A search with no word to search for.
    case noSearchTerms = "no-search-terms"
    /// A required parameter is absent.
    case missing = "missing"
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (and other space separators), as
    /// `trimmingCharacters(in: .whitespaces)` gave — written here because that is Foundation's
    /// (ICU-backed) and the served binary links only FoundationEssentials.
    package func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = {
            $0 == " " || $0 == "\t" || ($0.unicodeScalars.first?.properties.generalCategory == .spaceSeparator)
        }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

/// Folds names for matching: case and diacritics removed, every run of punctuation or space made
/// one space. "Deir ez-Zor", "Deir Ez Zour" and "DEIR EZ-ZOR" fold alike; so do "Da'esh" and "Da’esh".
///
/// Written without Foundation: its `folding(options:locale:)` is ICU's, and linking ICU for this
/// alone made the served binary three times larger and its idle memory twice as large. A test
/// (`TextFoldingTests`) checks the result equals Foundation's folding on every name in the
/// dataset and on every single scalar of the scripts the table covers.
public enum TextFolding {
    public static func fold(_ text: String) -> String {
        if let ascii = foldASCII(text) { return ascii }
        var result = ""
        var pendingSpace = false
        for original in text.unicodeScalars {
            // Fullwidth forms of ASCII (U+FF01–U+FF5E) fold to ASCII, as width-insensitive matching does.
            let value = (0xFF01...0xFF5E).contains(original.value) ? original.value - 0xFEE0 : original.value
            // Diacritics first (ᾀ is α, not αι), then case; then diacritics again (İ lowers to i + ̇).
            guard let scalar = withoutDiacritic(value) else { continue }
            let lowered = DiacriticTable.caseFolds[scalar.value] ?? scalar.properties.lowercaseMapping
            for lower in lowered.unicodeScalars {
                guard let folded = withoutDiacritic(lower.value) else { continue }
                switch folded.properties.generalCategory {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                    .decimalNumber, .letterNumber, .otherNumber, .spacingMark:
                    if pendingSpace && !result.isEmpty { result.append(" ") }
                    pendingSpace = false
                    result.unicodeScalars.append(folded)
                default:
                    // Apostrophes and hashtag marks join or prefix words rather than separate them.
                    if folded == "'" || folded == "’" || folded == "#" || folded == "@" { continue }
                    pendingSpace = true
                }
            }
        }
        return result
    }

    /// Spacing vowel signs that are the second part of a canonical decomposition (Bengali ো is
    /// ে + া): diacritic folding drops them like combining marks.
    private static let composingSpacingMarks: Set<UInt32> = [
        0x09BE, 0x09D7, 0x0B3E, 0x0B57, 0x0BBE, 0x0BD7, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E, 0x0D57, 0x0DCF, 0x0DDF, 0x1B35,
    ]

    /// The scalar with its diacritics removed: a precomposed letter's base letter, nil for a
    /// combining mark (an accent, harakat) that is dropped altogether.
    private static func withoutDiacritic(_ value: UInt32) -> Unicode.Scalar? {
        guard let scalar = Unicode.Scalar(DiacriticTable.base(of: value) ?? value) else { return nil }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return nil
        case .spacingMark where composingSpacingMarks.contains(scalar.value): return nil
        // The zero-width non-joiner only shapes Persian and Arabic script; folding drops it.
        case .format where scalar.value == 0x200C: return nil
        default: return scalar
        }
    }

    /// The same folding for pure-ASCII text (most queries and ids): letters lower-cased, digits
    /// kept, apostrophes and # @ dropped, any other run becomes one space.
    private static func foldASCII(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if pendingSpace && !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
                pendingSpace = false
                bytes.append(byte | (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? 0x20 : 0))
            case UInt8(ascii: "'"), UInt8(ascii: "#"), UInt8(ascii: "@"):
                continue
            default:
                pendingSpace = true
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

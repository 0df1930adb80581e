/// The characters that make a search or a text filter say something: letters and digits of the
/// scripts the corpus and its names use, as explicit ranges. The same ranges are the character
/// class of the OpenAPI `pattern` of `q`, `location` and `country`, so the server and the document
/// agree on which values are searchable; every character here is one the folding keeps.
enum WordCharacters {
    static let ranges: [ClosedRange<UInt32>] = [
        0x30...0x39, 0x41...0x5A, 0x61...0x7A,  // ASCII digits and letters
        0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F,  // Latin-1 letters, Latin Extended-A and -B
        0x391...0x3A1, 0x3A3...0x3A9, 0x3B1...0x3C9,  // Greek letters
        0x410...0x44F,  // Cyrillic letters
        0x5D0...0x5EA,  // Hebrew letters
        0x621...0x64A, 0x660...0x669,  // Arabic letters and digits
        0x4E00...0x9FFF,  // CJK ideographs
    ]

    static func contains(_ scalar: Unicode.Scalar) -> Bool {
        ranges.contains { $0.contains(scalar.value) }
    }

    /// Whether `text` has at least one word character.
    static func hasWord(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: contains)
    }

    /// The ranges as a regular-expression character class (ECMA-262 and Python alike).
    static var regexClass: String {
        func hex(_ value: UInt32) -> String {
            let digits = String(value, radix: 16, uppercase: true)
            return "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
        return "[" + ranges.map { hex($0.lowerBound) + "-" + hex($0.upperBound) }.joined() + "]"
    }

    /// A whole value: no control characters, at least one word character.
    static var pattern: String {
        let free = "[^\\u0000-\\u001F\\u007F]*"
        return "^" + free + regexClass + free + "$"
    }
}

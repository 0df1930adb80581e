import Foundation

/// Folds names for matching: case and diacritics removed, every run of punctuation or space made
/// one space. "Deir ez-Zor", "Deir Ez Zour" and "DEIR EZ-ZOR" fold alike; so do "Da'esh" and "Da’esh".
public enum TextFolding {
    public static func fold(_ text: String) -> String {
        if let ascii = foldASCII(text) { return ascii }
        let folded = text.folding(
            options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
            locale: Locale(identifier: "en_US_POSIX"))
        var result = ""
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                if pendingSpace && !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "’" || scalar == "#" || scalar == "@" {
                // Apostrophes and hashtag marks join or prefix words rather than separate them.
                continue
            } else {
                pendingSpace = true
            }
        }
        return result
    }

    /// The same folding for pure-ASCII text without Foundation (most queries and ids): letters
    /// lower-cased, digits kept, apostrophes and # @ dropped, any other run becomes one space.
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

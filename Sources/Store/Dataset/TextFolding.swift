import Foundation

/// Folds names for matching: case and diacritics removed, every run of punctuation or space made
/// one space. "Deir ez-Zor", "Deir Ez Zour" and "DEIR EZ-ZOR" fold alike; so do "Da'esh" and "Da’esh".
public enum TextFolding {
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
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
}

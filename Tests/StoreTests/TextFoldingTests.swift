import Foundation
import XCTest

@testable import Store

/// `TextFolding` folds without Foundation; this is the check that it folds as Foundation's
/// ICU-based `folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive])` did.
final class TextFoldingTests: XCTestCase {
    /// The former implementation, kept here as the reference.
    private func reference(_ text: String) -> String {
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
                continue
            } else {
                pendingSpace = true
            }
        }
        return result
    }

    func testEveryScalarOfTheCoveredScriptsFoldsAsFoundationDid() {
        var differences: [String] = []
        for value in UInt32(0x20)...0x2FFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            // Scalars assigned after Unicode 14 are unassigned to the ICU Foundation links, which
            // makes them punctuation there; the Swift runtime knows them as letters.
            guard let age = scalar.properties.age, age.major < 14 || (age.major == 14 && age.minor == 0) else {
                continue
            }
            let text = "a" + String(Character(scalar)) + "b"
            if TextFolding.fold(text) != reference(text) {
                differences.append(
                    String(
                        format: "U+%04X %@ → %@ (Foundation: %@)", value, text, TextFolding.fold(text), reference(text))
                )
            }
        }
        XCTAssertEqual(differences.count, 0, differences.prefix(40).joined(separator: "\n"))
    }

    func testEveryNameInTheDatasetFoldsAsFoundationDid() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/dataset").path
        let dataset = try Dataset.load(directory: directory)
        var checked = 0
        for spec in DatasetSchema.collections {
            for record in dataset.records(in: spec.name) {
                let names =
                    [record.title] + (record.value["aliases"]?.arrayValue ?? []).compactMap(\.stringValue)
                    + [record.value["summary"]?.stringValue].compactMap { $0 }
                for name in names {
                    XCTAssertEqual(TextFolding.fold(name), reference(name), name)
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 1000)
        for text in ["Dayr az-Zawr", "دير الزور", "Jabhat Fatḥ al-Shām", "ＡＮＦ", "Ğ", "Straße", "İdlib", "Œuvre"] {
            XCTAssertEqual(TextFolding.fold(text), reference(text), text)
        }
    }
}

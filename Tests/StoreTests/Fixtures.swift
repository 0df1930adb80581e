import Foundation

/// Paths of the shared test fixtures and scratch folders.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path
    static let dataset = root + "/dataset"
    static let corpus = root + "/corpus"

    /// A fresh temporary folder, removed by the caller's `defer`.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "parley-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A copy of the fixture dataset with `transform` applied to one collection's JSON text.
    static func datasetCopy(editing file: String? = nil, _ transform: (String) -> String = { $0 }) throws -> String {
        let directory = try temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: dataset) {
            var text = try String(contentsOfFile: dataset + "/" + name, encoding: .utf8)
            if name == file { text = transform(text) }
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
        return directory
    }
}

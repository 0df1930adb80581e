import Foundation
import Store
import TestSupport

/// One server over the bundled dataset (with the corpus texts when `../shared/corpus` is beside
/// the checkout), shared by the test classes that need real data.
enum BundledServer {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let dataset = package.appendingPathComponent("Resources/dataset").path
    static let releases = package.appendingPathComponent("Resources/releases").path
    static let corpus: String? = {
        let path = package.deletingLastPathComponent().appendingPathComponent("shared/corpus").path
        return FileManager.default.fileExists(atPath: path + "/README.md") ? path : nil
    }()

    nonisolated(unsafe) private static var cached: (APITestServer, Dataset)?
    private static let lock = NSLock()

    /// Built on first use; lives until the test process exits.
    static func shared() throws -> (api: APITestServer, dataset: Dataset) {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let made = (
            try APITestServer(dataset: dataset, corpus: corpus, releases: releases),
            try Dataset.load(directory: dataset)
        )
        cached = made
        return made
    }
}

extension APITestServer {
    /// Follows `links.next` to the end and returns every record's id and the reported total.
    func walk(_ path: String) throws -> (ids: [String], total: Int, pages: Int) {
        var ids: [String] = []
        var next: String? = path
        var total = -1
        var pages = 0
        while let current = next {
            let body = try json(current)
            ids += (body["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            total = (body["meta"] as? [String: Any])?["total"] as? Int ?? -1
            next = (body["links"] as? [String: Any])?["next"] as? String
            pages += 1
        }
        return (ids, total, pages)
    }
}

import Foundation
import HTTPServer
import ParleyAPI
import Store
import TestSupport

/// A Parley server over the fixture dataset, on an ephemeral loopback port.
final class APITestServer {
    let server: Server
    let directory: String
    let application: ParleyApplication

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    let metrics = ServerMetrics(loops: 2)

    /// `configure` adjusts the server configuration (an access log, say) before it starts.
    init(
        dataset: String = APITestServer.fixtures + "/dataset", corpus: String? = nil, releases: String? = nil,
        responseCacheBytes: Int = ParleyApplication.defaultResponseCacheBytes, corsOrigins: [String]? = nil,
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) throws {
        directory = NSTemporaryDirectory() + "parley-api-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if dataset.hasPrefix("synthetic:") {
            // "synthetic:N:T": N generated records per collection, T talks.
            let sizes = dataset.split(separator: ":").dropFirst().compactMap { Int($0) }
            try StoreBuilder.buildSynthetic(
                count: sizes[0], talks: sizes.count > 1 ? sizes[1] : nil, to: directory + "/store.sqlite")
        } else {
            try StoreBuilder.build(
                try Dataset.load(directory: dataset, corpusDirectory: corpus),
                releases: try releases.map(ReleaseHistory.load(directory:)) ?? .empty, to: directory + "/store.sqlite",
                corpusDirectory: corpus)
        }
        let application = try ParleyApplication(
            storePath: directory + "/store.sqlite", corsOrigins: corsOrigins, metrics: metrics,
            responseCacheBytes: responseCacheBytes)
        self.application = application
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, eventLoops: 2)
        configure(&configuration)
        server = Server(configuration: configuration, metrics: metrics) { application.makeHandler(loop: $0) }
        server.overloadResponse = application.overloadResponse
        try server.start()
    }

    func get(_ path: String, headers: [String: String] = [:]) throws -> RawResponse {
        try RawHTTPClient.get(path, port: server.port, headers: headers)
    }

    /// GET and decode the JSON body as a dictionary.
    func json(_ path: String) throws -> [String: Any] {
        let response = try get(path)
        guard let object = response.json() as? [String: Any] else {
            throw TestFailure("not a JSON object: \(response.text)")
        }
        return object
    }

    func stop() {
        server.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension APITestServer {
    nonisolated(unsafe) private static var fixture: APITestServer?
    private static let fixtureLock = NSLock()

    /// One server over the fixture dataset for tests that need only its context (validation,
    /// sort parsing); built on first use, kept until the process exits.
    static func sharedFixture() throws -> APITestServer {
        fixtureLock.lock()
        defer { fixtureLock.unlock() }
        if let fixture { return fixture }
        let made = try APITestServer()
        fixture = made
        return made
    }
}

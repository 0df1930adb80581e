// swift-tools-version:6.0
// Parley: an HTTP JSON API over the Syria peace-process corpus.
// Zero package dependencies by design: Foundation, Dispatch, Glibc and the system libsqlite3.
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Parley",
    products: [
        .executable(name: "parley", targets: ["parley"])
    ],
    targets: [
        // Bytes ⇄ requests/responses. Knows nothing of SQLite or the corpus.
        .target(name: "HTTPServer", dependencies: ["CSocketShims"], swiftSettings: strict),
        // Glibc functions its Swift overlay does not export: accept4, sched_getaffinity, malloc_trim.
        .target(name: "CSocketShims"),
        // The system libsqlite3 plus a tiny C shim for what Swift cannot call (variadic sqlite3_config).
        .target(name: "CSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
        // The SQLite store and the dataset → store builder. Knows nothing of HTTP.
        .target(name: "Store", dependencies: ["CSQLite"], swiftSettings: strict),
        // The system zlib, for gzip responses (deflateInit2 is a macro, hence a shim).
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        // The service layer: routes, parameters, queries, JSON and problem responses.
        .target(name: "ParleyAPI", dependencies: ["HTTPServer", "Store", "CZlib"], swiftSettings: strict),
        // Command-line parsing and wiring only.
        .executableTarget(name: "parley", dependencies: ["ParleyAPI", "HTTPServer", "Store"], swiftSettings: strict),
        // A raw-socket HTTP client for the tests: exact bytes out, status lines counted back.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store"], swiftSettings: strict),
        // The command line: options, help, the store cache, and the binary itself as a user runs it.
        .testTarget(name: "ParleyCLITests", dependencies: ["parley"], swiftSettings: strict),
        .testTarget(
            name: "ParleyAPITests", dependencies: ["ParleyAPI", "HTTPServer", "Store", "TestSupport"],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)

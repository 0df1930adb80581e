import Foundation
import Glibc
import XCTest
@testable import parley

/// The command line as a newcomer meets it: help for each command, options from one table, a
/// taken port found before any work, and a store cache that two servers can share.
final class CommandLineTests: XCTestCase {
    func testEachCommandHasItsOwnHelp() throws {
        for command in CommandSpec.all {
            for flag in ["--help", "-h"] {
                let options = try Options(arguments: [command.name, flag], environment: [:])
                XCTAssertTrue(options.has("help"), "\(command.name) \(flag)")
                XCTAssertTrue(options.namedCommand)
                XCTAssertEqual(options.spec.name, command.name)
            }
            for option in command.options {
                XCTAssertTrue(
                    command.help.contains("--\(option.name)" + (option.isSwitch ? "" : " \(option.value)")),
                    "\(command.name) --help names --\(option.name)")
                XCTAssertEqual(
                    command.help.contains(option.environmentVariable), !option.isSwitch,
                    "\(command.name) --help names \(option.environmentVariable)")
            }
        }
        XCTAssertFalse(try Options(arguments: ["-h"], environment: [:]).namedCommand, "a bare parley serves")
        XCTAssertTrue(CommandSpec.serve.help.contains("(default 8080; 0 picks a free one)"))
    }

    func testOptionsComeFromTheCommandsTableAndTheEnvironment() throws {
        let options = try Options(
            arguments: ["serve", "--port=9000"],
            environment: ["PARLEY_PORT": "1", "PARLEY_HOST": "::1", "PARLEY_OUT": "x"])
        XCTAssertEqual(options.string("port"), "9000", "a flag wins over the variable")
        XCTAssertEqual(options.string("host"), "::1")
        XCTAssertNil(options.string("out"), "variables of another command's options are ignored")
        XCTAssertThrowsError(
            try Options(arguments: ["build", "--port", "1"], environment: [:]), "serve's option on build")
        XCTAssertThrowsError(try Options(arguments: ["serve", "-p", "1"], environment: [:]))
        XCTAssertThrowsError(try Options(arguments: ["help"], environment: [:]))
    }

    func testCacheCleanupKeepsBothVariantsAndStoresInUse() throws {
        let directory = NSTemporaryDirectory() + "parley-cache-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let hash = "0123456789abcdef0123"
        let current = [StoreCache.fileName(hash: hash, corpus: false), StoreCache.fileName(hash: hash, corpus: true)]
        let stale = ["store-aaaaaaaaaaaaaaaa.sqlite", "store-bbbbbbbbbbbbbbbb-corpus.sqlite"]
        for name in current + stale + ["notes.txt"] {
            XCTAssertTrue(FileManager.default.createFile(atPath: directory + "/" + name, contents: Data("x".utf8)))
        }
        let inUse = StoreCache.lease(directory + "/" + stale[0])
        XCTAssertNotNil(inUse)
        XCTAssertEqual(StoreCache.removeUnusable(in: directory, keepingHash: hash), [stale[1]])
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
        XCTAssertEqual(
            left, Set(current + [stale[0], "notes.txt"]),
            "both variants of this dataset and the store another server holds stay")
        withExtendedLifetime(inUse) {}
    }

    func testServeOnATakenPortFailsBeforeBuildingTheStore() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "parley"
        ).path
        try XCTSkipUnless(
            FileManager.default.isExecutableFile(atPath: binary), "no parley binary beside the test bundle at \(binary)"
        )
        // Hold a port: a listening socket on an ephemeral loopback port.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        XCTAssertTrue(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let cache = NSTemporaryDirectory() + "parley-cache-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: cache) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", String(port), "--cache-dir", cache]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let started = Date()
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 2)
        XCTAssertTrue(message.contains("cannot listen on 127.0.0.1:\(port)"), message)
        XCTAssertFalse(message.contains("building the store"), message)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cache), "nothing was built")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }

    /// Runs the built `parley` with `arguments`: (exit status, stdout, stderr); nil without a binary.
    private func runParley(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "parley"
        ).path
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "no parley binary at \(binary)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self)
        )
    }

    func testReleaseWritesAManifestThatBuildHoldsTheDatasetTo() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").path
        let dataset = fixtures + "/dataset"
        let bad = try runParley(["release", "--dataset", dataset, "--date", "2026-12-04"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.err.contains("RFC 3339 UTC like 2026-11-24T01:45:58Z"), bad.err)

        let made = try runParley(["release", "--dataset", dataset, "--date", "2026-12-04T18:00:00Z"])
        XCTAssertEqual(made.status, 0, made.err)
        let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(made.out.utf8)) as? [String: Any])
        let version = try XCTUnwrap(manifest["version"] as? String)
        let check = try runParley(["check", "--dataset", dataset, "--releases", fixtures + "/releases-scenario"])
        XCTAssertTrue(check.out.contains("(version \(version))"), check.out)
        XCTAssertTrue(
            check.out.contains("since aaaaaaaaaaaa (2026-01-01T00:00:00Z): 1 added, 1 changed, 1 renamed, 1 removed"))

        // The manifest of this very version, edited: build refuses the dataset.
        let releases = NSTemporaryDirectory() + "parley-releases-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: releases, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: releases) }
        let edited = made.out.replacingOccurrences(of: #""hash":""#, with: #""hash":"f"#)
        try edited.write(toFile: releases + "/\(version).json", atomically: true, encoding: .utf8)
        let refused = try runParley([
            "build", "--dataset", dataset, "--releases", releases, "--out", releases + "/s.db",
        ])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.err.contains("refusing to build: the dataset has version \(version)"), refused.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: releases + "/s.db"))
    }
}

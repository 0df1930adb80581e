import Glibc
import FoundationEssentials

/// Where the dataset and the cached store live when the command line does not say.
enum Locations {
    /// `--dataset`, else `Resources/dataset` in the working directory, else beside the executable
    /// (a `swift build` product sits at `.build/<config>/parley`, two levels under the package).
    static func dataset(_ explicit: String?) throws -> String {
        if let explicit { return explicit }
        var candidates = [FileManager.default.currentDirectoryPath + "/Resources/dataset"]
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.appendingPathComponent("Resources/dataset").path)
            directory = directory.deletingLastPathComponent()
        }
        candidates.append("/usr/share/parley/dataset")
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0 + "/talks.json") }) else {
            throw UsageError(
                message:
                    "no dataset found (looked for Resources/dataset here and beside the executable); pass --dataset DIR or --db FILE"
            )
        }
        return found
    }

    /// `--cache-dir`, else `$XDG_CACHE_HOME/parley`, else `~/.cache/parley`.
    static func cacheDirectory(_ explicit: String?, environment: [String: String]) -> String {
        if let explicit { return explicit }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/parley" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.cache/parley" }
        return (environment["TMPDIR"].map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "/tmp/") + "parley-cache"
    }
}

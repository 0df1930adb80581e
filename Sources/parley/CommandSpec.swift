import Glibc
/// The commands and the options each takes, in one table: the parser accepts exactly these
/// options and `parley COMMAND --help` prints them, so the help cannot drift from what is accepted.
struct CommandSpec {
    struct Option {
        let name: String
        /// The value's placeholder in the help (`N`, `FILE`); empty for a switch, which takes none.
        let value: String
        /// What it does, ending with its default where it has one.
        let help: String

        var isSwitch: Bool { value.isEmpty }

        /// Every option but a switch can also be set in the environment (flags win).
        var environmentVariable: String { "PARLEY_" + name.uppercased().replacing("-", with: "_") }
    }

    let name: String
    /// One line per form of the command, without the leading `parley `.
    let synopsis: [String]
    let description: String
    let options: [Option]

    static let all: [CommandSpec] = [serve, build, check, release, openapi]

    /// The one option every command that reads the dataset shares.
    private static let datasetOption = Option(
        name: "dataset", value: "DIR", help: "dataset folder (default Resources/dataset, here or beside the executable)"
    )

    /// The release history every command that builds or checks a store reads.
    private static let releasesOption = Option(
        name: "releases", value: "DIR",
        help: "release manifests and tombstones (default: the releases folder beside the dataset folder)")

    static func named(_ name: String) -> CommandSpec? { all.first { $0.name == name } }

    static let serve = CommandSpec(
        name: "serve", synopsis: ["[serve] [options]"],
        description:
            "Serve the dataset over HTTP until SIGTERM or SIGINT, then drain and exit 0. Without --db, the store is built from "
            + "the dataset on first run (and whenever the dataset changes) and kept in the cache folder. The address is bound before "
            + "the store is built, so a taken port fails at once.",
        options: [
            Option(name: "host", value: "ADDR", help: "listen address (default 127.0.0.1)"),
            Option(name: "port", value: "N", help: "port (default 8080; 0 picks a free one)"),
            Option(name: "db", value: "FILE", help: "serve this store file instead of building one from the dataset"),
            datasetOption, releasesOption,
            Option(
                name: "corpus", value: "DIR",
                help: "also check every quote and bundle the source texts (passage search, /text)"),
            Option(
                name: "cache-dir", value: "DIR",
                help: "where built stores are kept (default $XDG_CACHE_HOME/parley or ~/.cache/parley)"),
            Option(
                name: "workers", value: "N",
                help: "event loops, each with its own SQLite connection (default 0: one per CPU the process may use)"),
            Option(
                name: "max-connections", value: "N",
                help: "open connections above this get 503 and are closed (default 10000)"),
            Option(
                name: "cors-origin", value: "LIST",
                help: "origins allowed to read responses in a browser, comma-separated (default *)"),
            Option(
                name: "rate-limit", value: "N",
                help: "per-client requests per second, token bucket; over it: 429 (default 0: off)"),
            Option(name: "rate-burst", value: "N", help: "burst allowed above the rate (default 2 x rate)"),
            Option(name: "head-timeout", value: "S", help: "seconds for a whole request head (default 10)"),
            Option(
                name: "idle-timeout", value: "S", help: "seconds an idle keep-alive connection stays open (default 15)"),
            Option(
                name: "write-timeout", value: "S",
                help: "seconds a client may stop reading before it is dropped (default 30)"),
            Option(
                name: "drain-timeout", value: "S",
                help: "seconds SIGTERM/SIGINT waits for in-flight requests (default 10)"),
            Option(name: "max-request-line", value: "N", help: "bytes of request line before 414 (default 8192)"),
            Option(name: "max-head-size", value: "N", help: "bytes of request head before 431 (default 32768)"),
            Option(name: "max-headers", value: "N", help: "header fields before 431 (default 100)"),
            Option(
                name: "access-log", value: "FORMAT",
                help: "json, text or off: one line per request on stdout; start and stop on "
                    + "stderr, as JSON lines unless text/off (default json)"),
            Option(
                name: "quick-check", value: "WHEN",
                help: "on, off or auto (only stores up to 256 MiB): PRAGMA quick_check at start (default auto)"),
            Option(
                name: "response-cache", value: "MIB",
                help: "MiB per event loop for finished 200 answers of cacheable routes; 0: off (default 4)"),
        ])

    static let build = CommandSpec(
        name: "build",
        synopsis: [
            "build --out FILE [--dataset DIR] [--releases DIR] [--corpus DIR]",
            "build --synthetic N [--synthetic-talks M] --out FILE",
        ],
        description:
            "Validate the dataset and compile it into a store file, written atomically (a temporary file renamed into place), "
            + "with the change feed from every release. Refused when a release's version is the dataset's but its manifest "
            + "differs, or when a record a release had is gone without previous_ids or a tombstone. "
            + "With --synthetic, a deterministic generated store for benchmarks instead.",
        options: [
            Option(name: "out", value: "FILE", help: "the store file to write (required)"),
            datasetOption, releasesOption,
            Option(
                name: "corpus", value: "DIR", help: "check every quote against the corpus and bundle the source texts"),
            Option(
                name: "synthetic", value: "N", help: "generate N records per collection instead of reading the dataset"),
            Option(name: "synthetic-talks", value: "M", help: "with --synthetic: M talks (default N)"),
        ])

    static let check = CommandSpec(
        name: "check",
        synopsis: ["check [--dataset DIR] [--releases DIR] [--corpus DIR [--coverage]]", "check --db FILE"],
        description:
            "Validate the dataset: shapes, references, dates, geometry and citations, and that the releases account for it "
            + "(the change feed from each can be built); with --corpus every cited line range "
            + "and every quote too. Exit 1 lists what is wrong. With --coverage, also print for each corpus file how many content "
            + "lines records cite or uncited.json explains, and fail on any line that is neither. With --db, check a built store "
            + "instead (PRAGMA quick_check, meta, counts).",
        options: [
            datasetOption, releasesOption,
            Option(
                name: "corpus", value: "DIR",
                help: "the corpus folder, to check line ranges and quotes (e.g. ../shared/corpus)"),
            Option(
                name: "coverage", value: "", help: "with --corpus: report and require coverage of every content line"),
            Option(name: "db", value: "FILE", help: "check this store file instead of the dataset"),
        ])

    static let release = CommandSpec(
        name: "release",
        synopsis: ["release --date TIME [--dataset DIR] [--commit SHA] [--note TEXT] [--schema N] [--out FILE]"],
        description:
            "Write the release manifest of a dataset folder: its version, the date it was first served and a content hash of "
            + "every record and field (Resources/releases/<version>.json; see Docs/operations.md, Releases). With --schema, "
            + "the version is hashed as a parley of that dataset schema did, to recreate the manifest of an earlier "
            + "release from git history.",
        options: [
            Option(name: "date", value: "TIME", help: "when the release was first served, RFC 3339 UTC (required)"),
            datasetOption,
            Option(name: "commit", value: "SHA", help: "the git commit the release was served from"),
            Option(name: "note", value: "TEXT", help: "a line on what the release is"),
            Option(
                name: "schema", value: "N",
                help: "the dataset schema number to hash the version with (default: this parley's)"),
            Option(name: "out", value: "FILE", help: "write here instead of to standard output"),
        ])

    static let openapi = CommandSpec(
        name: "openapi", synopsis: ["openapi"],
        description: "Print the OpenAPI 3.1 document that GET /openapi.json serves.", options: [])

    /// `parley COMMAND --help`.
    var help: String {
        var text =
            "usage:\n" + synopsis.map { "  parley \($0)\n" }.joined() + "\n" + Self.wrap(description, indent: "") + "\n"
        guard !options.isEmpty else { return text }
        text += "options (each also read from the environment variable shown; a flag wins over the variable):\n"
        for option in options {
            let flag = "  --\(option.name)" + (option.isSwitch ? "" : " \(option.value)")
            text += flag + String(repeating: " ", count: max(2, 26 - flag.count)) + option.help + "\n"
            if !option.isSwitch { text += String(repeating: " ", count: 26) + option.environmentVariable + "\n" }
        }
        return text
    }

    /// `parley --help`: every command's synopsis, then where to read more.
    static var overview: String {
        var text = "parley: an HTTP JSON API over the corpus of the Syria peace process\n\nusage:\n"
        for command in all {
            for line in command.synopsis { text += "  parley \(line)\n" }
        }
        text += "  parley --help | -h | --version\n\n"
        text +=
            "Without a command, parley serves. `parley COMMAND --help` lists that command's options, defaults and environment variables.\n"
        return text
    }

    private static func wrap(_ text: String, indent: String, width: Int = 100) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > width && line.count > indent.count {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }
}

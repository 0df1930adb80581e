import Foundation
import ParleyAPI

let usage = """
    parley — an HTTP JSON API over the corpus of the Syria peace process

    usage:
      parley [serve] [options]            serve the dataset (builds the store on first run)
      parley build --out FILE [--dataset DIR] [--corpus DIR]
                                          validate the dataset and build a store file atomically
      parley build --synthetic N [--synthetic-talks M] --out FILE
                                          a store of N generated records per collection (M talks), for benchmarks
      parley check [--dataset DIR] [--corpus DIR]
                                          validate the dataset (with --corpus, every quote too)
      parley check --db FILE              check a built store (PRAGMA quick_check, meta, counts)
      parley openapi                      print the OpenAPI 3.1 document
      parley --help | --version

    serve options (each also read from PARLEY_<NAME>, e.g. PARLEY_PORT):
      --host ADDR            listen address (default 127.0.0.1)
      --port N               port (default 8080; 0 picks a free one)
      --db FILE              serve this store file instead of building one from the dataset
      --dataset DIR          dataset folder (default Resources/dataset)
      --corpus DIR           also check every quote and bundle the source texts (search and /text)
      --cache-dir DIR        where built stores are kept (default ~/.cache/parley)
      --workers N            event loops, each with its own SQLite connection (default: one per core)
      --max-connections N    open connections above this get 503 and are closed (default 10000)
      --rate-limit N         per-client requests per second (token bucket; 0, the default, is off); over it: 429
      --rate-burst N         burst allowed above the rate (default 2 × rate)
      --cors-origin LIST     origins allowed to read responses in a browser, comma-separated (default *)
      --head-timeout S       seconds for a whole request head (default 10)
      --idle-timeout S       seconds an idle keep-alive connection stays open (default 15)
      --write-timeout S      seconds a client may stop reading before it is dropped (default 30)
      --drain-timeout S      seconds SIGTERM/SIGINT waits for in-flight requests (default 10)
      --max-request-line N   bytes before 414 (default 8192)
      --max-head-size N      bytes of request head before 431 (default 32768)
      --max-headers N        header fields before 431 (default 100)
      --access-log FORMAT    json (default), text or off: one line per request on stdout;
                             start and stop are logged on stderr (JSON lines unless text/off)
      --quick-check WHEN     on (default), off or auto (only stores up to 256 MiB): PRAGMA quick_check at start

    """

let environment = ProcessInfo.processInfo.environment
let arguments = Array(CommandLine.arguments.dropFirst())
do {
    let options = try Options(arguments: arguments, environment: environment)
    if options.has("help") {
        print(usage, terminator: "")
        exit(0)
    }
    if options.has("version") {
        print("parley \(Commands.version)")
        exit(0)
    }
    switch options.command {
    case "build": exit(try Commands.build(options))
    case "check": exit(try Commands.check(options))
    case "openapi":
        FileHandle.standardOutput.write(Data(OpenAPIDocument.json()))
        exit(0)
    default: exit(try Commands.serve(options, environment: environment))
    }
} catch let error as UsageError {
    Commands.log(error.message)
    exit(2)
} catch {
    Commands.log("\(error)")
    exit(2)
}

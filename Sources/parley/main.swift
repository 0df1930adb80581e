import Glibc
import HTTPServer
import FoundationEssentials
import ParleyAPI

let environment = ProcessInfo.processInfo.environment
let arguments = Array(CommandLine.arguments.dropFirst())
do {
    let options = try Options(arguments: arguments, environment: environment)
    if options.has("help") {
        // `parley --help` gives the overview and, since a bare `parley` serves, serve's options.
        print(
            options.namedCommand ? options.spec.help : CommandSpec.overview + "\n" + CommandSpec.serve.help,
            terminator: "")
        exit(0)
    }
    if options.has("version") {
        print("parley \(Commands.version)")
        exit(0)
    }
    switch options.command {
    case "build": exit(try Commands.build(options))
    case "check": exit(try Commands.check(options))
    case "release": exit(try Commands.release(options))
    case "openapi":
        FileOutput.write(OpenAPIDocument.json(), to: STDOUT_FILENO)
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

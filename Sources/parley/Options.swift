import Glibc
import FoundationEssentials

/// A usage error: printed as one line, exit code 2.
struct UsageError: Error {
    let message: String
}

/// The command line, parsed: a command and its `--flag value` options, each of which can also
/// come from a `PARLEY_*` environment variable (flags win).
struct Options {
    let command: String
    /// False when the command line named no command and `serve` was assumed.
    let namedCommand: Bool
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// The command's options (from `CommandSpec`); anything else is a usage error, not silently ignored.
    let spec: CommandSpec
    static let switches: Set<String> = ["help", "version"]

    /// One of a closed set of words, or a usage error naming them.
    func choice(_ name: String, default value: String, allowed: [String]) throws -> String {
        let given = string(name) ?? value
        guard allowed.contains(given) else {
            throw UsageError(message: "--\(name) must be one of \(allowed.joined(separator: ", ")), not '\(given)'")
        }
        return given
    }

    init(arguments: [String], environment: [String: String]) throws {
        var rest = arguments
        if let first = rest.first, !first.hasPrefix("-") {
            command = first
            namedCommand = true
            rest.removeFirst()
        } else {
            command = "serve"
            namedCommand = false
        }
        guard let spec = CommandSpec.named(command) else {
            throw UsageError(
                message:
                    "unknown command '\(command)' (commands: \(CommandSpec.all.map(\.name).joined(separator: ", ")); see parley --help)"
            )
        }
        self.spec = spec
        let allowed = spec.options.map(\.name)
        var index = 0
        while index < rest.count {
            let argument = rest[index]
            if argument == "-h" {
                flags.insert("help")
                index += 1
                continue
            }
            guard argument.hasPrefix("--") else {
                throw UsageError(message: "unexpected argument '\(argument)' (see parley \(command) --help)")
            }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if Self.switches.contains(name) || spec.options.contains(where: { $0.name == name && $0.isSwitch }) {
                guard value == nil else { throw UsageError(message: "--\(name) takes no value") }
                flags.insert(name)
                index += 1
                continue
            }
            guard allowed.contains(name) else {
                throw UsageError(
                    message:
                        "unknown option --\(name) for '\(command)' (options: \(allowed.map { "--" + $0 }.joined(separator: ", ")))"
                )
            }
            if value == nil {
                guard index + 1 < rest.count else { throw UsageError(message: "--\(name) needs a value") }
                value = rest[index + 1]
                index += 1
            }
            values[name] = value
            index += 1
        }
        for option in spec.options where values[option.name] == nil && !option.isSwitch {
            if let value = environment[option.environmentVariable], !value.isEmpty { values[option.name] = value }
        }
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    func string(_ name: String) -> String? { values[name] }

    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(
                message: "--\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return value
    }

    /// A duration in seconds (decimals allowed), returned in milliseconds.
    func milliseconds(_ name: String, default fallback: Int64) throws -> Int64 {
        guard let text = values[name] else { return fallback }
        guard let seconds = Double(text), seconds > 0, seconds <= 86_400 else {
            throw UsageError(message: "--\(name) must be a number of seconds above 0, got '\(text)'")
        }
        return max(1, Int64(seconds * 1000))
    }
}

import FoundationEssentials
import HTTPServer

/// Start, drain and stop, on standard error: a JSON object per line (beside the JSON access log
/// on standard output, so a log shipper reads both the same way), or `parley: text` lines.
struct LifecycleLog: Sendable {
    let json: Bool

    func event(_ name: String, _ message: String, _ fields: [(String, String)]) {
        guard json else {
            Commands.log(message)
            return
        }
        let now = HTTPDate.now()
        var object: [String: String] = [
            "time": HTTPDate.rfc3339(now.seconds, milliseconds: now.milliseconds), "level": "info", "event": name,
            "message": message,
        ]
        for (key, value) in fields { object[key] = value }
        // One JSON object, keys sorted (the order log shippers and tests can rely on).
        var line = "{"
        for (index, key) in object.keys.sorted().enumerated() {
            if index > 0 { line += "," }
            line += Self.quoted(key) + ":" + Self.quoted(object[key] ?? "")
        }
        line += "}\n"
        StandardStreams.write(line)
    }

    /// A JSON string (quotes, backslashes, control characters and `/` escaped, as before).
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += "\\/"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

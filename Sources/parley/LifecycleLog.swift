import Glibc
import HTTPServer
import Store

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
        var line: [UInt8] = [UInt8(ascii: "{")]
        for (index, key) in object.keys.sorted().enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            JSONEscaping.appendQuoted(key, to: &line)
            line.append(UInt8(ascii: ":"))
            JSONEscaping.appendQuoted(object[key] ?? "", to: &line)
        }
        line += Array("}\n".utf8)
        FileOutput.write(line, to: STDERR_FILENO)
    }
}

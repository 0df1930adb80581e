import Foundation
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
        var object: [String: String] = ["time": Self.timestamp(), "level": "info", "event": name, "message": message]
        for (key, value) in fields { object[key] = value }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        FileHandle.standardError.write(data + Data("\n".utf8))
    }

    private static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}

/// One thing wrong with the dataset, naming the record and field so an editor can fix it.
public struct DatasetIssue: Equatable, Sendable, CustomStringConvertible {
    public let collection: String
    public let recordID: String?
    public let path: String?
    public let message: String

    public init(collection: String, recordID: String? = nil, path: String? = nil, message: String) {
        self.collection = collection
        self.recordID = recordID
        self.path = path
        self.message = message
    }

    public var description: String {
        var location = collection
        if let recordID { location += "/\(recordID)" }
        if let path { location += " \(path)" }
        return "\(location): \(message)"
    }
}

/// A dataset that failed validation, with every issue found (not just the first).
public struct DatasetValidationError: Error, CustomStringConvertible, Sendable {
    public let issues: [DatasetIssue]
    public var description: String {
        let shown = issues.prefix(50).map { "  " + $0.description }.joined(separator: "\n")
        let more = issues.count > 50 ? "\n  … and \(issues.count - 50) more" : ""
        return "the dataset has \(issues.count) problem\(issues.count == 1 ? "" : "s"):\n" + shown + more
    }
}

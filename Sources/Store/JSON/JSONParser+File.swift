import FoundationEssentials

extension JSONParser {
    /// A JSON file of the repository (a release manifest, the tombstone ledger): an unreadable file
    /// is an I/O error, a malformed one an invalid dataset naming the file and the line.
    static func parse(file path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError(kind: .io, message: "cannot read \(path)")
        }
        do {
            return try parse([UInt8](data))
        } catch {
            throw StoreError(kind: .invalidDataset, message: "\(path): \(error)")
        }
    }
}

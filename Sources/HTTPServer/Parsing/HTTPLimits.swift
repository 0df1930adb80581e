/// Size limits the parser enforces. Every one is a configuration value (see `ServerConfiguration`).
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request line (method, target, version) before a 414.
    public var maxRequestLineBytes: Int
    /// Largest whole head (request line and fields) before a 431.
    public var maxHeadBytes: Int
    /// Most header fields before a 431.
    public var maxHeaderCount: Int
    /// Largest request body accepted. Parley takes none, so any announced body is a 413.
    public var maxBodyBytes: Int

    public init(
        maxRequestLineBytes: Int = 8 * 1024, maxHeadBytes: Int = 32 * 1024,
        maxHeaderCount: Int = 100, maxBodyBytes: Int = 0
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeadBytes = maxHeadBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
    }
}

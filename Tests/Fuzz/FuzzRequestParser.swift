// libFuzzer entry point for the request parser. Built by run-fuzz.sh with
// `swiftc -sanitize=fuzzer,address` together with Sources/HTTPServer/Parsing/*.swift.
//
// Beyond "does not crash", it checks the parser's contract on every input:
// - `consumed` never exceeds the input and is never zero for a complete head;
// - a complete head parses identically from exactly its consumed bytes (framing does not
//   depend on what follows, which is what makes pipelining safe).
// A violation traps, which libFuzzer records as a crash with the input that caused it.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = HTTPLimits(maxRequestLineBytes: 256, maxHeadBytes: 1024, maxHeaderCount: 16, maxBodyBytes: 0)
    let result = RequestParser.parse(bytes, limits: limits)
    if case .complete(let head, let consumed) = result {
        precondition(consumed > 0 && consumed <= bytes.count, "consumed out of range")
        let again = RequestParser.parse(Array(bytes[0..<consumed]), limits: limits)
        precondition(again == .complete(head, consumed: consumed), "a head must not depend on the bytes after it")
        _ = head.path
        _ = head.query
        _ = head.values(of: "host")
    }
    return 0
}

import Store

/// Writes JSON straight into a byte buffer: no `Data`, no `JSONEncoder`, no intermediate
/// dictionaries. Callers write members in the order the contract shows them.
struct JSONWriter {
    private(set) var bytes: [UInt8]
    /// Whether the next value in the current container needs a comma before it.
    private var needsComma: [Bool] = [false]

    init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    mutating func endArray() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `"name":`; the value follows with the next call.
    mutating func key(_ name: String) {
        separate()
        JSONEscaping.appendQuoted(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
        pendingKey = true
    }

    private var pendingKey = false

    private mutating func beginValue() {
        if pendingKey {
            pendingKey = false
            needsComma[needsComma.count - 1] = true
        } else {
            separate()
        }
    }

    mutating func string(_ value: String) {
        beginValue()
        JSONEscaping.appendQuoted(value, to: &bytes)
    }

    mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func int(_ value: Int) {
        beginValue()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func double(_ value: Double) {
        beginValue()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ value: Bool) {
        beginValue()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func null() {
        beginValue()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Appends a stored JSON column straight from the statement's row buffer.
    mutating func rawColumn(_ statement: Statement, _ column: Int32) {
        beginValue()
        statement.appendText(column, to: &bytes)
    }

    mutating func value(_ value: JSONValue) {
        beginValue()
        value.write(to: &bytes)
    }

    mutating func member(_ name: String, _ value: String?) { key(name); string(value) }
    mutating func member(_ name: String, _ value: Int) { key(name); int(value) }
    mutating func member(_ name: String, _ value: Bool) { key(name); bool(value) }

    /// Begin/end an object as the value of a key.
    mutating func objectMember(_ name: String, _ body: (inout JSONWriter) -> Void) {
        key(name)
        beginObject()
        body(&self)
        endObject()
    }

    mutating func arrayMember(_ name: String, _ body: (inout JSONWriter) -> Void) {
        key(name)
        beginArray()
        body(&self)
        endArray()
    }
}

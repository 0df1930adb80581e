/// Writes one access-log line through a pointer; the caller has checked that the line fits.
struct LineWriter {
    let base: UnsafeMutablePointer<UInt8>
    var offset: Int

    mutating func json(_ record: RequestRecord, prefix: UnsafeBufferPointer<UInt8>) {
        write(#"{"time":""#)
        timestamp(record.time, prefix: prefix)
        write(#"","request_id":"#)
        quoted(record.requestID)
        write(#","method":"#)
        quoted(record.method)
        write(#","path":"#)
        quoted(record.target)
        write(#","status":"#)
        decimal(record.status)
        write(#","bytes":"#)
        decimal(record.bytes)
        write(#","duration_ms":"#)
        milliseconds(record.seconds)
        write(#","client":"#)
        quoted(record.client)
        write(#","route":"#)
        if let route = record.route { quoted(route) } else { write("null") }
        write("}\n")
    }

    mutating func text(_ record: RequestRecord, prefix: UnsafeBufferPointer<UInt8>) {
        if record.client.isEmpty { byte(UInt8(ascii: "-")) } else { raw(record.client) }
        write(" - - [")
        timestamp(record.time, prefix: prefix)
        write("] \"")
        raw(record.method)
        byte(UInt8(ascii: " "))
        raw(record.target)
        write("\" ")
        decimal(record.status)
        byte(UInt8(ascii: " "))
        decimal(record.bytes)
        byte(UInt8(ascii: " "))
        milliseconds(record.seconds)
        byte(UInt8(ascii: " "))
        raw(record.requestID)
        byte(UInt8(ascii: "\n"))
    }

    mutating func byte(_ value: UInt8) {
        base[offset] = value
        offset += 1
    }

    mutating func write(_ literal: StaticString) {
        bytes(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    mutating func bytes(_ source: UnsafeBufferPointer<UInt8>) {
        guard let start = source.baseAddress, source.count > 0 else { return }
        (base + offset).update(from: start, count: source.count)
        offset += source.count
    }

    /// A string's bytes as they are (the text format writes the target raw, as common logs do).
    mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes($0) }
    }

    /// RFC 3339 UTC with milliseconds, `2026-11-23T21:04:05.123Z`: the cached prefix up to the
    /// second, then the milliseconds.
    mutating func timestamp(_ time: Double, prefix: UnsafeBufferPointer<UInt8>) {
        bytes(prefix)
        let millis = min(999, max(0, Int((time - Double(Int(time))) * 1000)))
        digits(millis, width: 3)
        byte(UInt8(ascii: "Z"))
    }

    mutating func decimal(_ value: Int) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var count = 0
        repeat {
            count += 1
            magnitude /= 10
        } while magnitude > 0
        magnitude = value.magnitude
        var position = offset + count - 1
        repeat {
            base[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            position -= 1
        } while magnitude > 0
        offset += count
    }

    /// `value` with leading zeros to `width` digits (value < 10^width).
    mutating func digits(_ value: Int, width: Int) {
        var rest = value
        for position in stride(from: offset + width - 1, through: offset, by: -1) {
            base[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        offset += width
    }

    /// Three decimals: microsecond resolution is what the clock gives usefully.
    mutating func milliseconds(_ seconds: Double) {
        let micros = max(0, Int((seconds * 1_000_000).rounded()))
        decimal(micros / 1000)
        byte(UInt8(ascii: "."))
        digits(micros % 1000, width: 3)
    }

    /// A JSON string; the target is raw client bytes, so every control character is escaped.
    mutating func quoted(_ text: String) {
        byte(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { source in
            // Almost every value needs no escaping: copied in one go.
            guard source.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0x22 || $0 == 0x5C }) else {
                bytes(source)
                return
            }
            for value in source {
                switch value {
                case 0x22: write(#"\""#)
                case 0x5C: write(#"\\"#)
                case 0..<0x20, 0x7F:
                    write(#"\u00"#)
                    byte(Self.hex[Int(value >> 4)])
                    byte(Self.hex[Int(value & 15)])
                default: byte(value)
                }
            }
        }
        byte(UInt8(ascii: "\""))
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
}

/// Writes bytes through a pointer into memory the caller has sized: the whole of a response head
/// or an access-log line is bounded first, then written without a capacity or uniqueness check
/// per piece (appending to an array piece by piece paid one each: most of the serializer's and
/// the log's cost, by callgrind's count).
struct ByteWriter {
    let base: UnsafeMutablePointer<UInt8>
    var offset: Int

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

    /// A string's bytes as they are.
    mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes($0) }
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

/// Byte classes from RFC 9110 §5.6 and RFC 9112, as lookups over single bytes.
package enum ASCII {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let space: UInt8 = 32
    static let tab: UInt8 = 9
    static let colon: UInt8 = 58
    static let slash: UInt8 = 47
    static let question: UInt8 = 63
    static let percent: UInt8 = 37
    static let asterisk: UInt8 = 42

    /// tchar: the characters of a token (method names, header names, transfer codings).
    package static func isTokenChar(_ byte: UInt8) -> Bool { tokenTable[Int(byte)] }

    private static let tokenTable: [Bool] = (0...255).map { value in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Bytes allowed in a request target: visible ASCII only (no spaces, controls or raw UTF-8).
    static func isTargetChar(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }

    /// Bytes allowed inside a field value: VCHAR, obs-text, SP and HTAB — never CR, LF or NUL.
    static func isFieldValueChar(_ byte: UInt8) -> Bool { byte >= 0x20 && byte != 0x7F || byte == tab }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 65 && byte <= 70) || (byte >= 97 && byte <= 102)
    }

    static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
}

/// 64-bit FNV-1a over a sequence of strings (each followed by a separator byte, so "ab","c" and
/// "a","bc" differ). Fast and stable across runs and machines; used where a value only has to
/// change when its inputs change (ETags, cursor checks), not to resist a deliberate forger.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf29ce484222325

    mutating func mix(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100000001b3
        }
        value ^= 0xff
        value = value &* 0x100000001b3
    }

    /// The hash as 16 lower-case hex digits.
    var hex: String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<16 {
                let nibble = UInt8((value >> UInt64(60 - 4 * index)) & 0xF)
                buffer[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            return 16
        }
    }

    static func hex(_ parts: String...) -> String {
        var hash = FNV1a()
        for part in parts { hash.mix(part) }
        return hash.hex
    }
}

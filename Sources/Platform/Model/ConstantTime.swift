/// Comparisons whose running time does not depend on where two secrets differ, for API keys and tokens.
/// The time depends only on the lengths, which are not secret (keys have a fixed, public length).
public enum ConstantTime {
    /// Whether the UTF-8 bytes of `a` and `b` are equal, looking at every byte of the longer one.
    public static func equals(_ a: String, _ b: String) -> Bool {
        equals(Array(a.utf8), Array(b.utf8))
    }

    /// Whether two byte strings are equal, looking at every byte of the longer one.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        difference |= UInt8(a.count == b.count ? 0 : 1)
        let length = max(a.count, b.count)
        for index in 0..<length {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}

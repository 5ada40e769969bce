import Foundation

/// A signed arbitrary-precision integer, for Python's ints beyond 64 bits (`2 ** 64`, large JSON ids).
/// Magnitude in base 2^32, least significant limb first, no trailing zero limbs; zero is `[]`.
struct BigInt: Sendable, CustomStringConvertible {
    var negative: Bool
    var limbs: [UInt32]

    init(negative: Bool = false, limbs: [UInt32]) {
        self.limbs = limbs
        while let l = self.limbs.last, l == 0 { self.limbs.removeLast() }
        self.negative = self.limbs.isEmpty ? false : negative
    }

    /// The exact integer value of an integral Double.
    init(exactly d: Double) {
        let m = BigInt(Int(d.significandBitPattern | (d.isNormal ? (1 << 52) : 0)))
        var r = m
        let e = Int(d.exponent) - 52
        if e > 0 {
            for _ in 0..<e { r = r.mulSmall(2) }
        } else if e < 0 {
            var q = r.limbs
            for _ in 0..<(-e) { q = BigInt.divSmall(q, 2).0 }
            r = BigInt(limbs: q)
        }
        self.init(negative: d < 0, limbs: r.limbs)
    }

    init(_ v: Int) {
        var m = v.magnitude
        var l: [UInt32] = []
        while m > 0 {
            l.append(UInt32(truncatingIfNeeded: m))
            m >>= 32
        }
        self.init(negative: v < 0, limbs: l)
    }

    /// Decimal digits with an optional sign.
    init?(_ text: String) {
        var t = Substring(text)
        var neg = false
        if t.first == "-" || t.first == "+" {
            neg = t.first == "-"
            t = t.dropFirst()
        }
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var r = BigInt(0)
        for c in t { r = r.mulSmall(10).addSmall(UInt32(c.wholeNumberValue!)) }
        self.init(negative: neg, limbs: r.limbs)
    }

    var isZero: Bool { limbs.isEmpty }

    /// The value as an Int when it fits.
    var asInt: Int? {
        if limbs.count > 2 { return nil }
        var m: UInt64 = 0
        for (i, l) in limbs.enumerated() { m |= UInt64(l) << (32 * UInt64(i)) }
        if negative {
            if m <= UInt64(Int.max) + 1 { return m == UInt64(Int.max) + 1 ? Int.min : -Int(m) }
            return nil
        }
        return m <= UInt64(Int.max) ? Int(m) : nil
    }

    var doubleValue: Double {
        var d = 0.0
        for l in limbs.reversed() { d = d * 4_294_967_296.0 + Double(l) }
        return negative ? -d : d
    }

    static func compareMagnitude(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        var i = a.count - 1
        while i >= 0 {
            if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    static func addMagnitude(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(max(a.count, b.count) + 1)
        var carry: UInt64 = 0
        for i in 0..<max(a.count, b.count) {
            let s = UInt64(i < a.count ? a[i] : 0) + UInt64(i < b.count ? b[i] : 0) + carry
            out.append(UInt32(truncatingIfNeeded: s))
            carry = s >> 32
        }
        if carry > 0 { out.append(UInt32(carry)) }
        return out
    }

    /// a - b with |a| >= |b|.
    static func subMagnitude(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        var borrow: Int64 = 0
        for i in 0..<a.count {
            var d = Int64(a[i]) - Int64(i < b.count ? b[i] : 0) - borrow
            if d < 0 {
                d += 1 << 32
                borrow = 1
            } else {
                borrow = 0
            }
            out.append(UInt32(d))
        }
        return out
    }

    static func + (a: BigInt, b: BigInt) -> BigInt {
        if a.negative == b.negative { return BigInt(negative: a.negative, limbs: addMagnitude(a.limbs, b.limbs)) }
        let c = compareMagnitude(a.limbs, b.limbs)
        if c == 0 { return BigInt(0) }
        if c > 0 { return BigInt(negative: a.negative, limbs: subMagnitude(a.limbs, b.limbs)) }
        return BigInt(negative: b.negative, limbs: subMagnitude(b.limbs, a.limbs))
    }

    static prefix func - (a: BigInt) -> BigInt { BigInt(negative: !a.negative, limbs: a.limbs) }
    static func - (a: BigInt, b: BigInt) -> BigInt { a + (-b) }

    static func * (a: BigInt, b: BigInt) -> BigInt {
        if a.isZero || b.isZero { return BigInt(0) }
        var out = [UInt32](repeating: 0, count: a.limbs.count + b.limbs.count)
        for i in 0..<a.limbs.count {
            var carry: UInt64 = 0
            let x = UInt64(a.limbs[i])
            for j in 0..<b.limbs.count {
                let t = x * UInt64(b.limbs[j]) + UInt64(out[i + j]) + carry
                out[i + j] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            var k = i + b.limbs.count
            while carry > 0 {
                let t = UInt64(out[k]) + carry
                out[k] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
                k += 1
            }
        }
        return BigInt(negative: a.negative != b.negative, limbs: out)
    }

    func mulSmall(_ m: UInt32) -> BigInt { self * BigInt(Int(m)) }
    func addSmall(_ m: UInt32) -> BigInt { self + BigInt(Int(m)) }

    /// Magnitude divided by a small divisor: (quotient, remainder).
    static func divSmall(_ a: [UInt32], _ d: UInt32) -> ([UInt32], UInt32) {
        var q = [UInt32](repeating: 0, count: a.count)
        var r: UInt64 = 0
        var i = a.count - 1
        while i >= 0 {
            let cur = (r << 32) | UInt64(a[i])
            q[i] = UInt32(cur / UInt64(d))
            r = cur % UInt64(d)
            i -= 1
        }
        return (q, UInt32(r))
    }

    /// Truncating division of magnitudes (shift-subtract; fine for template-sized numbers).
    static func divModMagnitude(_ a: [UInt32], _ b: [UInt32]) -> ([UInt32], [UInt32]) {
        if compareMagnitude(a, b) < 0 { return ([], a) }
        if b.count == 1 {
            let (q, r) = divSmall(a, b[0])
            return (q, r == 0 ? [] : [r])
        }
        var q = [UInt32](repeating: 0, count: a.count)
        var r = BigInt(0)
        let divisor = BigInt(negative: false, limbs: b)
        var bit = a.count * 32 - 1
        while bit >= 0 {
            r = r.mulSmall(2)
            if (a[bit / 32] >> UInt32(bit % 32)) & 1 == 1 { r = r.addSmall(1) }
            if compareMagnitude(r.limbs, b) >= 0 {
                r = r - divisor
                q[bit / 32] |= 1 << UInt32(bit % 32)
            }
            bit -= 1
        }
        return (BigInt(limbs: q).limbs, r.limbs)
    }

    /// Python's floor division and modulo (result sign follows the divisor).
    static func floorDivMod(_ a: BigInt, _ b: BigInt) -> (BigInt, BigInt) {
        let (qm, rm) = divModMagnitude(a.limbs, b.limbs)
        var q = BigInt(negative: a.negative != b.negative, limbs: qm)
        var r = BigInt(negative: a.negative, limbs: rm)
        if !r.isZero && (r.negative != b.negative) {
            q = q - BigInt(1)
            r = r + b
        }
        return (q, r)
    }

    static func compare(_ a: BigInt, _ b: BigInt) -> Int {
        if a.negative != b.negative { return a.negative ? -1 : 1 }
        let c = compareMagnitude(a.limbs, b.limbs)
        return a.negative ? -c : c
    }

    var description: String {
        if isZero { return "0" }
        var parts: [String] = []
        var m = limbs
        while !m.isEmpty {
            let (q, r) = BigInt.divSmall(m, 1_000_000_000)
            m = BigInt(limbs: q).limbs
            parts.append(String(r))
        }
        var s = parts.last!
        for p in parts.dropLast().reversed() { s += String(repeating: "0", count: 9 - p.count) + p }
        return (negative ? "-" : "") + s
    }
}

/// An `int` too large for 64 bits, carried as an object so the public value enum keeps its cases.
final class BigIntValue: NativeObject, @unchecked Sendable {
    let value: BigInt
    init(_ v: BigInt) { value = v }
    var pythonRepr: String { value.description }
    func attribute(_ name: String) -> JinjaValue? { nil }

    /// An Int when it fits, else a big-int object.
    static func make(_ v: BigInt) -> JinjaValue {
        if let i = v.asInt { return .int(i) }
        return .object(JinjaObject(typeName: "int", native: BigIntValue(v)))
    }
}

extension JinjaValue {
    /// The value as a BigInt when it is an integer of any size.
    var bigInt: BigInt? {
        switch self {
        case .int(let i): return BigInt(i)
        case .bool(let b): return BigInt(b ? 1 : 0)
        case .object(let o): return (o.native as? BigIntValue)?.value
        default: return nil
        }
    }

    var isBigInt: Bool {
        if case .object(let o) = self { return o.native is BigIntValue }
        return false
    }
}

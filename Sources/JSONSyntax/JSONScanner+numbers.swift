/// Numbers: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, plus `-Infinity` when non-finite numbers are allowed.
/// A number without fraction or exponent is an integer; its value is accumulated while its digits are read.
extension JSONScanner {
    @inlinable
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Moves past digits; returns how many there were.
    @inlinable
    mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        return index - start
    }

    @inlinable
    mutating func number() throws(JSONSyntaxError) -> Builder.Value {
        let start = index
        let negative = consume(UInt8(ascii: "-"))
        guard index < bytes.count, Self.isDigit(bytes[index]) else {
            if negative, options.allowsNonFiniteNumbers, index < bytes.count, bytes[index] == UInt8(ascii: "I") {
                return try literal("Infinity", Builder.double(-.infinity))
            }
            throw fail(.expectingValue)
        }
        var magnitude: UInt64 = 0
        var overflow = false
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, Self.isDigit(bytes[index]) {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[index] &- UInt8(ascii: "0")))
                magnitude = sum
                overflow = overflow || o1 || o2
                index += 1
            }
        }
        var isInteger = true
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            guard skipDigits() > 0 else { throw fail(.expectingFractionDigits) }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard skipDigits() > 0 else { throw fail(.expectingExponentDigits) }
        }
        if isInteger, !overflow {
            if !negative, magnitude <= UInt64(Int.max) { return Builder.int(Int(magnitude)) }
            if negative, magnitude <= UInt64(Int.max) + 1 {
                return Builder.int(Int(truncatingIfNeeded: 0 &- magnitude))
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let big = Builder.bigInteger(text) { return big }
        // The grammar above is a subset of what `Double(_:)` reads, so only the range can fail here.
        let value = Double(text) ?? .infinity
        guard value.isFinite || options.allowsNonFiniteNumbers else {
            index = start
            throw fail(.numberOutOfRange)
        }
        return Builder.double(value)
    }
}

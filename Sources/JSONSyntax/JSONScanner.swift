/// One recursive-descent JSON reader over UTF-8 bytes, generic over the value type it builds.
///
/// It accepts RFC 8259 JSON as Python's `json.loads` does (plus Python's non-finite literals when the options say
/// so): integers that fit in `Int` stay integers, strings are decoded with escapes and surrogate pairs, and every
/// error carries the byte offset where it was found. The code is inlinable, so each module that calls it gets a
/// copy specialized for its builder.
public struct JSONScanner<Builder: JSONBuilder> {
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline let options: JSONSyntaxOptions
    @usableFromInline var index = 0

    @inlinable
    init(_ bytes: UnsafeBufferPointer<UInt8>, options: JSONSyntaxOptions) {
        self.bytes = bytes
        self.options = options
    }

    /// Reads one JSON document from `bytes`; whitespace may surround the value, nothing else may follow it.
    @inlinable
    public static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, options: JSONSyntaxOptions
    ) throws(JSONSyntaxError) -> Builder.Value {
        var scanner = JSONScanner(bytes, options: options)
        scanner.skipWhitespace()
        let value = try scanner.value(depth: 0)
        scanner.skipWhitespace()
        guard scanner.index == bytes.count else { throw scanner.fail(.extraData) }
        return value
    }

    /// Reads one JSON document from UTF-8 bytes.
    @inlinable
    public static func parse(_ bytes: [UInt8], options: JSONSyntaxOptions) throws(JSONSyntaxError) -> Builder.Value {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONSyntaxError) in try parse(buffer, options: options) }
        }
        return try result.get()
    }

    /// Reads one JSON document from text.
    @inlinable
    public static func parse(_ text: String, options: JSONSyntaxOptions) throws(JSONSyntaxError) -> Builder.Value {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONSyntaxError) in try parse(buffer, options: options) }
        }
        return try result.get()
    }

    @inlinable
    func fail(_ kind: JSONSyntaxError.Kind) -> JSONSyntaxError { JSONSyntaxError(kind, offset: index) }

    @inlinable
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The byte at `index` when it is `byte`, consumed.
    @inlinable
    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    @inlinable
    mutating func value(depth: Int) throws(JSONSyntaxError) -> Builder.Value {
        guard index < bytes.count else { throw fail(.expectingValue) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try list(depth: depth)
        case UInt8(ascii: "\""): return Builder.string(try string())
        case UInt8(ascii: "t"): return try literal("true", Builder.bool(true))
        case UInt8(ascii: "f"): return try literal("false", Builder.bool(false))
        case UInt8(ascii: "n"): return try literal("null", Builder.null())
        case UInt8(ascii: "N") where options.allowsNonFiniteNumbers: return try literal("NaN", Builder.double(.nan))
        case UInt8(ascii: "I") where options.allowsNonFiniteNumbers:
            return try literal("Infinity", Builder.double(.infinity))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail(.expectingValue)
        }
    }

    @inlinable
    mutating func literal(_ word: StaticString, _ value: @autoclosure () -> Builder.Value) throws(JSONSyntaxError)
        -> Builder.Value
    {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail(.unexpectedEnd) }
        let start = word.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] {
            throw fail(.invalidLiteral)
        }
        index += count
        return value()
    }

    @inlinable
    mutating func object(depth: Int) throws(JSONSyntaxError) -> Builder.Value {
        guard depth < options.maximumDepth else { throw fail(.nestedTooDeeply) }
        index += 1
        var object = Builder.makeObject()
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return Builder.object(object) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail(.expectingPropertyName) }
            let key = try string()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw fail(.expectingColon) }
            skipWhitespace()
            Builder.insert(try value(depth: depth + 1), forKey: key, into: &object)
            skipWhitespace()
            guard index < bytes.count else { throw fail(.unterminatedObject) }
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "}")) else { throw fail(.expectingCommaOrBrace) }
            return Builder.object(object)
        }
    }

    @inlinable
    mutating func list(depth: Int) throws(JSONSyntaxError) -> Builder.Value {
        guard depth < options.maximumDepth else { throw fail(.nestedTooDeeply) }
        index += 1
        var elements: [Builder.Value] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return Builder.list(elements) }
        while true {
            skipWhitespace()
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw fail(.unterminatedArray) }
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "]")) else { throw fail(.expectingCommaOrBracket) }
            return Builder.list(elements)
        }
    }
}

/// Reading and writing JSON text as `FlowValue`s, once per request body, without Foundation's coders.
/// The reader keeps object key order and tells integers from doubles; the writer matches Python's `json.dumps`.
extension FlowValue {
    /// How `json(_:)` lays out the text.
    public enum JSONStyle: Sendable {
        /// Python's `json.dumps` defaults: `", "` and `": "` separators, non-ASCII as `\uXXXX`.
        case python
        /// No spaces after separators, UTF-8 kept as it is.
        case compact
    }

    /// A problem in JSON text, with the byte offset where it was found.
    public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { "\(message) at offset \(offset)" }
    }

    /// Parses JSON text (also Python's `NaN`, `Infinity`, `-Infinity`); integers beyond 64 bits become doubles.
    public init(json text: String) throws(JSONError) {
        var text = text
        let result = text.withUTF8 { bytes in JSONReader.parse(bytes) }
        self = try result.get()
    }

    /// Parses JSON bytes.
    public init(jsonBytes bytes: [UInt8]) throws(JSONError) {
        let result = bytes.withUnsafeBufferPointer { buffer in JSONReader.parse(buffer) }
        self = try result.get()
    }

    /// The JSON text of this value (`NaN` and `Infinity` are written as Python writes them).
    public func json(_ style: JSONStyle = .python) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        JSONWriter(style: style).write(self, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The JSON text as UTF-8 bytes, appended to `out`.
    public func writeJSON(_ style: JSONStyle = .python, into out: inout [UInt8]) {
        JSONWriter(style: style).write(self, into: &out)
    }

    /// A JSON string literal for `text`, as `json.dumps` writes it in `style`.
    public static func jsonString(_ text: String, style: JSONStyle = .python) -> String {
        var out: [UInt8] = []
        JSONWriter(style: style).writeString(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// A recursive-descent JSON reader over UTF-8 bytes.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    static let maximumDepth = 512

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<FlowValue, FlowValue.JSONError> {
        var reader = JSONReader(bytes)
        do throws(FlowValue.JSONError) {
            return .success(try reader.document())
        } catch {
            return .failure(error)
        }
    }

    mutating func document() throws(FlowValue.JSONError) -> FlowValue {
        skipWhitespace()
        let value = try value(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw fail("extra data after the JSON value") }
        return value
    }

    func fail(_ message: String) -> FlowValue.JSONError {
        FlowValue.JSONError(message: message, offset: index)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func literal(_ word: StaticString, _ value: FlowValue) throws(FlowValue.JSONError) -> FlowValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("unexpected end of JSON") }
        let start = word.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] {
            throw fail("invalid literal")
        }
        index += count
        return value
    }

    mutating func value(depth: Int) throws(FlowValue.JSONError) -> FlowValue {
        guard depth < Self.maximumDepth else { throw fail("JSON nested too deeply") }
        guard index < bytes.count else { throw fail("expecting a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try list(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "N"): return try literal("NaN", .double(.nan))
        case UInt8(ascii: "I"): return try literal("Infinity", .double(.infinity))
        case UInt8(ascii: "-"):
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "I") {
                index += 1
                return try literal("Infinity", .double(-.infinity))
            }
            return try number()
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("expecting a value")
        }
    }

    mutating func object(depth: Int) throws(FlowValue.JSONError) -> FlowValue {
        index += 1
        var object = FlowObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw fail("expecting a property name enclosed in double quotes")
            }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expecting ':'") }
            index += 1
            skipWhitespace()
            object[key] = try value(depth: depth + 1)
            skipWhitespace()
            guard index < bytes.count else { throw fail("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw fail("expecting ',' or '}'") }
            index += 1
            return .object(object)
        }
    }

    mutating func list(depth: Int) throws(FlowValue.JSONError) -> FlowValue {
        index += 1
        var items: [FlowValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .list(items)
        }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw fail("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw fail("expecting ',' or ']'") }
            index += 1
            return .list(items)
        }
    }

    mutating func number() throws(FlowValue.JSONError) -> FlowValue {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
            throw fail("expecting a value")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let digits = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > digits else { throw fail("expecting digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            let digits = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > digits else { throw fail("expecting digits in the exponent") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let value = Int(text) { return .int(value) }
        guard let value = Double(text) else { throw fail("invalid number") }
        return .double(value)
    }

    mutating func string() throws(FlowValue.JSONError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            index += 1
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw fail("unterminated string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count,
                        bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                    {
                        let save = index
                        index += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            index = save
                        }
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8))
                default:
                    throw fail("invalid \\escape")
                }
            default:
                guard byte >= 0x20 else { throw fail("invalid control character in string") }
                out.append(byte)
                index += 1
            }
        }
        throw fail("unterminated string")
    }

    mutating func hex4() throws(FlowValue.JSONError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("invalid \\uXXXX escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw fail("invalid \\uXXXX escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}

/// Writes `FlowValue`s as JSON text, in Python's `json.dumps` layout or compactly.
struct JSONWriter {
    let style: FlowValue.JSONStyle

    func write(_ value: FlowValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): out.append(contentsOf: String(number).utf8)
        case .double(let number): out.append(contentsOf: Self.pythonFloat(number).utf8)
        case .string(let text): writeString(text, into: &out)
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (position, item) in items.enumerated() {
                if position > 0 { separator(into: &out) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, item) in object {
                if !first { separator(into: &out) }
                first = false
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if style == .python { out.append(0x20) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    func separator(into out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        if style == .python { out.append(0x20) }
    }

    /// Python's `float.__repr__`, with `json.dumps`'s spelling of the non-finite values.
    static func pythonFloat(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return number.description
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let asciiOnly = style == .python
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0..<0x20: appendUnicodeEscape(UInt16(value), into: &out)
            case 0x20..<0x80: out.append(UInt8(value))
            default:
                if !asciiOnly {
                    out.append(contentsOf: String(scalar).utf8)
                } else if value < 0x10000 {
                    appendUnicodeEscape(UInt16(value), into: &out)
                } else {
                    let shifted = value - 0x10000
                    appendUnicodeEscape(UInt16(0xD800 + (shifted >> 10)), into: &out)
                    appendUnicodeEscape(UInt16(0xDC00 + (shifted & 0x3FF)), into: &out)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    func appendUnicodeEscape(_ unit: UInt16, into out: inout [UInt8]) {
        out.append(contentsOf: [0x5C, UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(Self.hexDigits[Int((unit >> UInt16(shift)) & 0xF)])
        }
    }
}

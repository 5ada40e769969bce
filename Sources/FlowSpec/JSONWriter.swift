/// Writes `FlowValue`s as JSON text: Python's `json.dumps` layout, compactly, or as Flask's `jsonify` does.
/// The `.flask` style sorts object keys by code point, escapes non-ASCII and ends the document with `\n`.
struct JSONWriter {
    let style: FlowValue.JSONStyle

    /// Writes a whole document: the value, then the newline `jsonify` adds when the style is `.flask`.
    func writeDocument(_ value: FlowValue, into out: inout [UInt8]) {
        write(value, into: &out)
        if style == .flask { out.append(0x0A) }
    }

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
            if style == .flask, object.count > 1 {
                writeSorted(object, into: &out)
                return
            }
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, item) in object {
                if !first { separator(into: &out) }
                first = false
                writeMember(key, item, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// An object with its keys in Python's `sorted()` order for `str`: by code point, which is UTF-8 byte order.
    func writeSorted(_ object: FlowObject, into out: inout [UInt8]) {
        let keys = object.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        out.append(UInt8(ascii: "{"))
        for (position, key) in keys.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            if let item = object[key] { writeMember(key, item, into: &out) }
        }
        out.append(UInt8(ascii: "}"))
    }

    func writeMember(_ key: String, _ item: FlowValue, into out: inout [UInt8]) {
        writeString(key, into: &out)
        out.append(UInt8(ascii: ":"))
        if style == .python { out.append(0x20) }
        write(item, into: &out)
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
        let asciiOnly = style != .compact
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
            case 0x20..<0x7F: out.append(UInt8(value))
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

import Foundation

/// Python's `json.dumps` (ASCII output, `", "`/`": "` separators, optional indent and key sorting),
/// and the ordered JSON parser that turns request bodies into template values.
enum JSON {
    static func dumps(_ v: JinjaValue, indent: Int?, sortKeys: Bool) throws -> String {
        try Limits.checkDepth(v)
        var out = ""
        try write(v, indent: indent, sortKeys: sortKeys, level: 0, into: &out)
        return out
    }

    /// jinja2's `htmlsafe_json_dumps` escaping.
    static func htmlSafe(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "'": out += "\\u0027"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 || u.value > 0x7E {
                    if u.value > 0xFFFF {
                        let v = u.value - 0x10000
                        out += "\\u" + PythonFormat.hex(0xD800 + (v >> 10), 4)
                        out += "\\u" + PythonFormat.hex(0xDC00 + (v & 0x3FF), 4)
                    } else {
                        out += "\\u" + PythonFormat.hex(u.value, 4)
                    }
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }

    static func keyString(_ k: JinjaValue) throws -> String {
        switch k {
        case .string(let s), .markup(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .none: return "null"
        case .float(let d): return floatText(d)
        default:
            throw TemplateError(.type, "keys must be str, int, float, bool or None, not \(PythonFormat.typeName(k))")
        }
    }

    static func floatText(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return PythonFormat.floatRepr(d)
    }

    static func write(_ v: JinjaValue, indent: Int?, sortKeys: Bool, level: Int, into out: inout String) throws {
        switch v {
        case .none: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .float(let d): out += floatText(d)
        case .string(let s), .markup(let s): writeString(s, into: &out)
        case .list(let a), .tuple(let a):
            if a.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (i, x) in a.enumerated() {
                if i > 0 { out += indent == nil ? ", " : "," }
                if let indent { out += "\n" + String(repeating: " ", count: indent * (level + 1)) }
                try write(x, indent: indent, sortKeys: sortKeys, level: level + 1, into: &out)
            }
            if let indent { out += "\n" + String(repeating: " ", count: indent * level) }
            out += "]"
        case .dict(let d):
            if d.isEmpty {
                out += "{}"
                return
            }
            var pairs = d.items
            if sortKeys {
                var err: Error? = nil
                pairs.sort { x, y in
                    do { return try Operators.lessThan(x.key, y.key) } catch {
                        err = error
                        return false
                    }
                }
                if let err { throw err }
            }
            out += "{"
            for (i, p) in pairs.enumerated() {
                if i > 0 { out += indent == nil ? ", " : "," }
                if let indent { out += "\n" + String(repeating: " ", count: indent * (level + 1)) }
                writeString(try keyString(p.key), into: &out)
                out += ": "
                try write(p.value, indent: indent, sortKeys: sortKeys, level: level + 1, into: &out)
            }
            if let indent { out += "\n" + String(repeating: " ", count: indent * level) }
            out += "}"
        case .object(let o):
            if let big = o.native as? BigIntValue {
                out += big.value.description
                return
            }
            if let g = o.native as? GroupTuple {
                try write(.list(g.items), indent: indent, sortKeys: sortKeys, level: level, into: &out)
                return
            }
            throw TemplateError(.type, "Object of type \(o.typeName) is not JSON serializable")
        case .undefined:
            throw TemplateError(.type, "Object of type Undefined is not JSON serializable")
        case .function:
            throw TemplateError(.type, "Object of type function is not JSON serializable")
        }
    }

    // MARK: parsing

    struct Parser {
        let b: [UInt8]
        var i = 0

        init(_ s: String) { b = Array(s.utf8) }

        func fail(_ m: String) -> TemplateError { TemplateError(.value, "invalid JSON: \(m) at offset \(i)") }

        mutating func ws() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        mutating func value(depth: Int) throws -> JinjaValue {
            if depth > 512 { throw fail("nesting too deep") }
            ws()
            guard i < b.count else { throw fail("unexpected end") }
            switch b[i] {
            case UInt8(ascii: "{"):
                i += 1
                var d = JinjaDict()
                ws()
                if i < b.count, b[i] == UInt8(ascii: "}") {
                    i += 1
                    return .dict(d)
                }
                while true {
                    ws()
                    guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected key") }
                    let k = try string()
                    ws()
                    guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                    i += 1
                    d[k] = try value(depth: depth + 1)
                    ws()
                    guard i < b.count else { throw fail("unexpected end") }
                    if b[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    if b[i] == UInt8(ascii: "}") {
                        i += 1
                        return .dict(d)
                    }
                    throw fail("expected ',' or '}'")
                }
            case UInt8(ascii: "["):
                i += 1
                var a: [JinjaValue] = []
                ws()
                if i < b.count, b[i] == UInt8(ascii: "]") {
                    i += 1
                    return .list(a)
                }
                while true {
                    a.append(try value(depth: depth + 1))
                    ws()
                    guard i < b.count else { throw fail("unexpected end") }
                    if b[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    if b[i] == UInt8(ascii: "]") {
                        i += 1
                        return .list(a)
                    }
                    throw fail("expected ',' or ']'")
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .none
            case UInt8(ascii: "N"):
                try literal("NaN")
                return .float(.nan)
            case UInt8(ascii: "I"):
                try literal("Infinity")
                return .float(.infinity)
            default:
                return try number()
            }
        }

        mutating func literal(_ s: String) throws {
            let u = Array(s.utf8)
            guard i + u.count <= b.count, Array(b[i..<(i + u.count)]) == u else { throw fail("unexpected token") }
            i += u.count
        }

        mutating func number() throws -> JinjaValue {
            let start = i
            if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
            if i < b.count, b[i] == UInt8(ascii: "I") {
                try literal("Infinity")
                return .float(-.infinity)
            }
            var isFloat = false
            while i < b.count {
                let c = b[i]
                if c >= 0x30 && c <= 0x39 {
                    i += 1
                } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
                    || ((c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && isFloat)
                {
                    isFloat = true
                    i += 1
                } else {
                    break
                }
            }
            let text = String(decoding: b[start..<i], as: UTF8.self)
            if text.isEmpty || text == "-" { throw fail("unexpected character") }
            if !isFloat, let v = Int(text) { return .int(v) }
            if !isFloat, let big = BigInt(text) { return BigIntValue.make(big) }
            guard let d = Double(text) else { throw fail("bad number") }
            return .float(d)
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= b.count, let v = UInt32(String(decoding: b[i..<(i + 4)], as: UTF8.self), radix: 16) else {
                throw fail("bad \\u escape")
            }
            i += 4
            return v
        }

        mutating func string() throws -> String {
            i += 1
            var out: [UInt8] = []
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if c == UInt8(ascii: "\\") {
                    i += 1
                    guard i < b.count else { break }
                    let e = b[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "u"):
                        var v = try hex4()
                        if v >= 0xD800 && v < 0xDC00, i + 1 < b.count, b[i] == UInt8(ascii: "\\"),
                            b[i + 1] == UInt8(ascii: "u")
                        {
                            let save = i
                            i += 2
                            let lo = try hex4()
                            if lo >= 0xDC00 && lo < 0xE000 {
                                v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                i = save
                            }
                        }
                        let u = Unicode.Scalar(v) ?? "\u{FFFD}"
                        out.append(contentsOf: Array(String(u).utf8))
                    default: throw fail("bad escape")
                    }
                    continue
                }
                out.append(c)
                i += 1
            }
            throw fail("unterminated string")
        }
    }
}

extension JinjaValue {
    /// Parses JSON keeping object key order: objects become `.dict`, integers `.int`, other numbers `.float`.
    public init(json: String) throws {
        var p = JSON.Parser(json)
        let v = try p.value(depth: 0)
        p.ws()
        if p.i != p.b.count { throw p.fail("extra data") }
        self = v
    }
}

import Foundation
import JSONSyntax

/// Python's `json.dumps` (ASCII output, `", "`/`": "` separators, optional indent and key sorting),
/// and the builder through which the shared JSON scanner turns request bodies into template values.
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

    /// How the shared JSON scanner builds template values (`JinjaValue(json:)`): objects become ordered `.dict`s
    /// (a repeated key keeps its first position and its last value), integers of any size stay integers, as
    /// Python's `json.loads` reads them.
    enum ValueBuilder: JSONBuilder {
        static func string(_ text: String) -> JinjaValue { .string(text) }
        static func int(_ value: Int) -> JinjaValue { .int(value) }
        static func double(_ value: Double) -> JinjaValue { .float(value) }
        static func bigInteger(_ digits: String) -> JinjaValue? { BigInt(digits).map(BigIntValue.make) }
        static func bool(_ value: Bool) -> JinjaValue { .bool(value) }
        static func null() -> JinjaValue { .none }
        static func list(_ elements: [JinjaValue]) -> JinjaValue { .list(elements) }
        static func makeObject() -> JinjaDict { JinjaDict() }
        static func insert(_ value: JinjaValue, forKey key: String, into object: inout JinjaDict) {
            object[key] = value
        }
        static func object(_ object: JinjaDict) -> JinjaValue { .dict(object) }
    }
}

extension JinjaValue {
    /// Parses JSON keeping object key order: objects become `.dict`, integers `.int` (or a big integer), other
    /// numbers `.float`; Python's `NaN` and `Infinity` are accepted. Errors are `TemplateError(.value, …)`.
    public init(json: String) throws {
        do throws(JSONSyntaxError) {
            self = try JSONScanner<JSON.ValueBuilder>.parse(json, options: .python)
        } catch {
            throw TemplateError(.value, "invalid JSON: \(error.description)")
        }
    }
}

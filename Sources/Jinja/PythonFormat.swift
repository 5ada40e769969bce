import Foundation

/// Python's `str()` and `repr()` of template values, byte for byte: `True`, `None`, `[1, 'a']`,
/// `(1,)`, `{'k': 1.5}`, and floats in Python's shortest round-trip form (`1e+16`, `0.30000000000000004`).
enum PythonFormat {
    /// Appends `str(value)` as `{{ value }}` prints it (Undefined prints nothing).
    static func write(_ v: JinjaValue, into out: inout String) {
        switch v {
        case .string(let s), .markup(let s): out += s
        case .undefined: break
        case .int(let i): out += String(i)
        default: out += str(v)
        }
    }

    static func str(_ v: JinjaValue) -> String {
        switch v {
        case .undefined: return ""
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return floatRepr(d)
        case .string(let s), .markup(let s): return s
        case .list, .tuple, .dict, .function, .object: return repr(v)
        }
    }

    static func repr(_ v: JinjaValue) -> String {
        var out = ""
        writeRepr(v, into: &out)
        return out
    }

    static func writeRepr(_ v: JinjaValue, into out: inout String) {
        switch v {
        case .undefined: out += "Undefined"
        case .string(let s): writeStringRepr(s, into: &out)
        case .markup(let s):
            out += "Markup("
            writeStringRepr(s, into: &out)
            out += ")"
        case .list(let a):
            out += "["
            for (i, x) in a.enumerated() {
                if i > 0 { out += ", " }
                writeRepr(x, into: &out)
            }
            out += "]"
        case .tuple(let a):
            out += "("
            for (i, x) in a.enumerated() {
                if i > 0 { out += ", " }
                writeRepr(x, into: &out)
            }
            if a.count == 1 { out += "," }
            out += ")"
        case .dict(let d):
            out += "{"
            for i in 0..<d.count {
                if i > 0 { out += ", " }
                writeRepr(d.keys[i], into: &out)
                out += ": "
                writeRepr(d.values[i], into: &out)
            }
            out += "}"
        case .function(let f):
            out += f.macro != nil ? "<Macro '\(f.name)'>" : "<function \(f.name)>"
        case .object(let o):
            if let n = o.native {
                out += n.pythonRepr
            } else if o.typeName == "Namespace" {
                out += "<Namespace {"
                for (i, k) in o.attributeNames.enumerated() {
                    if i > 0 { out += ", " }
                    writeStringRepr(k, into: &out)
                    out += ": "
                    writeRepr(o[k] ?? .none, into: &out)
                }
                out += "}>"
            } else {
                out += "<\(o.typeName)>"
            }
        default: out += str(v)
        }
    }

    /// Python's `repr(str)`: single quotes unless the text has `'` and no `"`; escapes non-printables.
    static func writeStringRepr(_ s: String, into out: inout String) {
        let useDouble = s.unicodeScalars.contains("'") && !s.unicodeScalars.contains("\"")
        let q: Character = useDouble ? "\"" : "'"
        out.append(q)
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "'" where !useDouble: out += "\\'"
            default:
                if isPrintable(u) {
                    out.unicodeScalars.append(u)
                } else if u.value < 0x100 {
                    out += "\\x" + hex(u.value, 2)
                } else if u.value < 0x10000 {
                    out += "\\u" + hex(u.value, 4)
                } else {
                    out += "\\U" + hex(u.value, 8)
                }
            }
        }
        out.append(q)
    }

    static func hex(_ v: UInt32, _ width: Int) -> String {
        let h = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - h.count)) + h
    }

    /// Python's `str.isprintable()` for one character.
    static func isPrintable(_ u: Unicode.Scalar) -> Bool {
        if u == " " { return true }
        if u.value < 0x20 || u.value == 0x7F { return false }
        if u.isASCII { return true }
        switch u.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            return false
        default: return true
        }
    }

    /// Python's `repr(float)`: shortest round-trip digits, fixed notation for exponents -4..<16.
    static func floatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description gives the shortest round-trip digits; re-lay them out Python's way.
        let desc = "\(abs(d))"
        var mantissa = desc
        var exp = 0
        if let e = desc.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(desc[..<e])
            exp = Int(desc[desc.index(after: e)...]) ?? 0
        }
        var intPart = mantissa
        var fracPart = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = String(mantissa[..<dot])
            fracPart = String(mantissa[mantissa.index(after: dot)...])
        }
        var digits = intPart + fracPart
        var pointPos = intPart.count + exp  // decimal point after this many digits
        // strip leading zeros
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            pointPos -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let sign = d < 0 ? "-" : ""
        let decExp = pointPos - 1  // scientific exponent
        if decExp >= -4 && decExp < 16 {
            if pointPos <= 0 {
                return sign + "0." + String(repeating: "0", count: -pointPos) + digits
            } else if pointPos >= digits.count {
                return sign + digits + String(repeating: "0", count: pointPos - digits.count) + ".0"
            } else {
                let idx = digits.index(digits.startIndex, offsetBy: pointPos)
                return sign + digits[..<idx] + "." + digits[idx...]
            }
        }
        var m = String(digits.first!)
        if digits.count > 1 { m += "." + digits.dropFirst() }
        let es = decExp < 0 ? "-" : "+"
        let ev = abs(decExp)
        return sign + m + "e" + es + (ev < 10 ? "0" : "") + String(ev)
    }

    /// Python's type name (`str`, `int`, `NoneType`, ...), for error messages.
    static func typeName(_ v: JinjaValue) -> String {
        switch v {
        case .undefined: return "Undefined"
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .markup: return "Markup"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .function: return "function"
        case .object(let o): return o.typeName
        }
    }

    /// jinja2's `object_type_repr`: "None", "dict object", ...
    static func objectTypeRepr(_ v: JinjaValue) -> String {
        if case .none = v { return "None" }
        if case .markup = v { return "markupsafe.Markup object" }
        if case .object(let o) = v {
            switch o.typeName {
            case "Namespace", "Cycler", "Joiner": return "jinja2.utils.\(o.typeName) object"
            case "LoopContext": return "jinja2.runtime.LoopContext object"
            case "TemplateModule": return "jinja2.environment.TemplateModule object"
            default: return "\(o.typeName) object"
            }
        }
        return "\(typeName(v)) object"
    }

    /// The message an `Undefined` raises: a bare name reads "'x' is undefined", a hint is used as is.
    static func undefinedMessage(_ name: String) -> String {
        if name.contains(" ") { return name }
        return "'\(name)' is undefined"
    }
}

import Foundation

/// Python's `str % args` and `str.format(...)`, for the conversions prompt templates use.
enum StringFormatting {
    struct Spec {
        var fill: Character = " "
        var align: Character? = nil  // < > ^ =
        var sign: Character = "-"  // + - space
        var alternate = false
        var zero = false
        var width = 0
        var grouping: Character? = nil
        var precision: Int? = nil
        var type: Character? = nil
    }

    static func typeError(_ m: String) -> TemplateError { TemplateError(.type, m) }

    // MARK: %-formatting

    static func percent(_ fmt: String, _ args: JinjaValue) throws -> String {
        var positional: [JinjaValue]
        var mapping: JinjaDict? = nil
        switch args {
        case .tuple(let a): positional = a
        case .dict(let d):
            positional = [args]
            mapping = d
        default: positional = [args]
        }
        var out = ""
        var argIndex = 0
        let chars = Array(fmt)
        var i = 0
        var usedMapping = false
        func nextArg() throws -> JinjaValue {
            guard argIndex < positional.count else { throw typeError("not enough arguments for format string") }
            defer { argIndex += 1 }
            return positional[argIndex]
        }
        while i < chars.count {
            let c = chars[i]
            if c != "%" {
                out.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < chars.count else { throw TemplateError(.value, "incomplete format") }
            var key: String? = nil
            if chars[i] == "(" {
                var depth = 1
                var j = i + 1
                var k = ""
                while j < chars.count {
                    if chars[j] == "(" { depth += 1 }
                    if chars[j] == ")" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    k.append(chars[j])
                    j += 1
                }
                if j >= chars.count { throw TemplateError(.value, "incomplete format key") }
                key = k
                i = j + 1
            }
            var spec = Spec()
            spec.align = ">"
            while i < chars.count, "-+ #0".contains(chars[i]) {
                switch chars[i] {
                case "-": spec.align = "<"
                case "+": spec.sign = "+"
                case " ": if spec.sign != "+" { spec.sign = " " }
                case "#": spec.alternate = true
                case "0": spec.zero = true
                default: break
                }
                i += 1
            }
            if i < chars.count, chars[i] == "*" {
                i += 1
                guard let w = try nextArg().asIndex else { throw typeError("* wants int") }
                spec.width = w
            } else {
                while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
                    spec.width = spec.width * 10 + d
                    i += 1
                }
            }
            if i < chars.count, chars[i] == "." {
                i += 1
                var p = 0
                if i < chars.count, chars[i] == "*" {
                    i += 1
                    p = try nextArg().asIndex ?? 0
                } else {
                    while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
                        p = p * 10 + d
                        i += 1
                    }
                }
                spec.precision = p
            }
            while i < chars.count, "hlL".contains(chars[i]) { i += 1 }
            guard i < chars.count else { throw TemplateError(.value, "incomplete format") }
            let conv = chars[i]
            i += 1
            if conv == "%" {
                out.append("%")
                continue
            }
            let arg: JinjaValue
            if let key {
                guard let mapping else { throw typeError("format requires a mapping") }
                usedMapping = true
                guard let v = mapping[key] else { throw TemplateError(.value, "KeyError: '\(key)'") }
                arg = v
            } else {
                arg = try nextArg()
            }
            if spec.zero && spec.align != "<" { spec.align = "=" ; spec.fill = "0" }
            var body: String
            switch conv {
            case "s": body = PythonFormat.str(arg); if let p = spec.precision { body = String(body.prefix(p)) }
            case "r", "a": body = PythonFormat.repr(arg); if let p = spec.precision { body = String(body.prefix(p)) }
            case "d", "i", "u":
                guard let n = Operators.number(arg) else {
                    throw typeError("%\(conv) format: a real number is required, not \(PythonFormat.typeName(arg))")
                }
                let iv: Int
                switch n {
                case .int(let x): iv = x
                case .float(let d):
                    guard d.isFinite else {
                        throw TemplateError(.value, "cannot convert float \(PythonFormat.floatRepr(d)) to integer")
                    }
                    if abs(d) >= 9.2e18 {
                        // Beyond 64 bits: the float's exact integer value, as Python prints it.
                        let big = BigInt(exactly: d.rounded(.towardZero))
                        body = signed(big.negative, BigInt(negative: false, limbs: big.limbs).description, spec.sign)
                        out += try pad(body, spec: spec, numeric: true)
                        continue
                    }
                    iv = Int(d.rounded(.towardZero))
                }
                body = try formatInt(iv, spec: spec, type: "d", applyPadding: false)
            case "x", "X", "o":
                guard case .int(let n)? = Operators.number(arg) else {
                    throw typeError("%\(conv) format: an integer is required, not \(PythonFormat.typeName(arg))")
                }
                var s2 = spec
                s2.alternate = spec.alternate
                body = try formatInt(n, spec: s2, type: conv, applyPadding: false)
            case "f", "F", "e", "E", "g", "G":
                guard let n = Operators.number(arg) else {
                    throw typeError("must be real number, not \(PythonFormat.typeName(arg))")
                }
                var s2 = spec
                if s2.precision == nil { s2.precision = 6 }
                body = try formatFloat(Operators.double(n), spec: s2, type: conv, applyPadding: false)
            case "c":
                if let n = arg.asIndex, n >= 0, n <= 0x10FFFF, let u = Unicode.Scalar(UInt32(n)) {
                    body = String(Character(u))
                } else if case .string(let s) = arg, s.count == 1 {
                    body = s
                } else {
                    throw typeError("%c requires int or char")
                }
            default:
                throw TemplateError(.value, "unsupported format character '\(conv)'")
            }
            out += try pad(body, spec: spec, numeric: "dioxXuefgEFG".contains(conv))
        }
        // Python only checks leftovers for tuples and plain values; anything subscriptable but a
        // string (a list, a dict) counts as a mapping and may go unused.
        var subscriptable = false
        if case .list = args { subscriptable = true }
        if mapping == nil && !subscriptable && !usedMapping && argIndex < positional.count {
            throw typeError("not all arguments converted during string formatting")
        }
        return out
    }

    /// Pads to the width; `=` alignment puts fill between the sign/prefix and the digits.
    static func pad(_ body: String, spec: Spec, numeric: Bool) throws -> String {
        let n = body.count
        guard spec.width > n else { return body }
        try Limits.check(spec.width, "padding")
        let padCount = spec.width - n
        let fill = String(repeating: spec.fill, count: padCount)
        switch spec.align ?? (numeric ? ">" : "<") {
        case "<": return body + fill
        case "^":
            let left = padCount / 2
            return String(repeating: spec.fill, count: left) + body
                + String(repeating: spec.fill, count: padCount - left)
        case "=":
            var prefixLen = 0
            let chars = Array(body)
            if prefixLen < chars.count, "+- ".contains(chars[prefixLen]) { prefixLen += 1 }
            if prefixLen + 1 < chars.count, chars[prefixLen] == "0", "xXoObB".contains(chars[prefixLen + 1]) {
                prefixLen += 2
            }
            return String(chars[..<prefixLen]) + fill + String(chars[prefixLen...])
        default: return fill + body
        }
    }

    static func signed(_ negative: Bool, _ digits: String, _ sign: Character) -> String {
        if negative { return "-" + digits }
        if sign == "+" { return "+" + digits }
        if sign == " " { return " " + digits }
        return digits
    }

    static func group(_ digits: String, _ sep: Character, every: Int = 3) -> String {
        var out: [Character] = []
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % every == 0 { out.append(sep) }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func formatInt(_ v: Int, spec: Spec, type: Character, applyPadding: Bool = true) throws -> String {
        let mag = v.magnitude
        var digits: String
        var prefix = ""
        switch type {
        case "x":
            digits = String(mag, radix: 16)
            if spec.alternate { prefix = "0x" }
        case "X":
            digits = String(mag, radix: 16).uppercased()
            if spec.alternate { prefix = "0X" }
        case "o":
            digits = String(mag, radix: 8)
            if spec.alternate { prefix = "0o" }
        case "b":
            digits = String(mag, radix: 2)
            if spec.alternate { prefix = "0b" }
        case "c":
            guard mag <= 0x10FFFF, let u = Unicode.Scalar(UInt32(mag)) else {
                throw TemplateError(.value, "%c arg not in range(0x110000)")
            }
            return String(Character(u))
        default:
            digits = String(mag)
            if let g = spec.grouping { digits = group(digits, g) }
        }
        var body = signed(v < 0, prefix + digits, spec.sign)
        if applyPadding {
            var s = spec
            if s.zero && s.align == nil {
                s.align = "="
                s.fill = "0"
            }
            body = try pad(body, spec: s, numeric: true)
        }
        return body
    }

    static func cFormat(_ d: Double, _ precision: Int, _ conv: Character, alternate: Bool) -> String {
        let precision = min(precision, 1000)
        let f = "%" + (alternate ? "#" : "") + ".\(precision)" + String(conv)
        return String(format: f, d)
    }

    static func formatFloat(_ d: Double, spec: Spec, type: Character?, applyPadding: Bool = true) throws -> String {
        var body: String
        let negative = d.sign == .minus && !d.isNaN
        let a = abs(d)
        if !a.isFinite {
            body = a.isNaN ? "nan" : "inf"
            if let t = type, t.isUppercase { body = body.uppercased() }
        } else {
            switch type {
            case "f", "F", "e", "E", "g", "G":
                body = cFormat(a, spec.precision ?? 6, type!, alternate: spec.alternate)
            case "%":
                body = cFormat(a * 100, spec.precision ?? 6, "f", alternate: spec.alternate) + "%"
            default:
                if let p = spec.precision {
                    body = cFormat(a, max(p, 1), "g", alternate: spec.alternate)
                    if !body.contains(".") && !body.contains("e") { body += ".0" }
                } else {
                    body = PythonFormat.floatRepr(a)
                }
            }
            if let g = spec.grouping {
                let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
                let intPart = String(parts[0])
                if intPart.allSatisfy({ $0.isNumber }) {
                    body = group(intPart, g) + (parts.count > 1 ? "." + parts[1] : "")
                }
            }
        }
        body = signed(negative, body, spec.sign)
        if applyPadding {
            var s = spec
            if s.zero && s.align == nil {
                s.align = "="
                s.fill = "0"
            }
            body = try pad(body, spec: s, numeric: true)
        }
        return body
    }

    // MARK: str.format

    static func parseSpec(_ s: String) throws -> Spec {
        var spec = Spec()
        var chars = Array(s)
        var i = 0
        if chars.count >= 2, "<>^=".contains(chars[1]) {
            spec.fill = chars[0]
            spec.align = chars[1]
            i = 2
        } else if !chars.isEmpty, "<>^=".contains(chars[0]) {
            spec.align = chars[0]
            i = 1
        }
        if i < chars.count, "+- ".contains(chars[i]) {
            spec.sign = chars[i]
            i += 1
        }
        if i < chars.count, chars[i] == "#" {
            spec.alternate = true
            i += 1
        }
        if i < chars.count, chars[i] == "0" {
            spec.zero = true
            i += 1
        }
        while i < chars.count, chars[i].isASCII, let d = chars[i].wholeNumberValue {
            spec.width = spec.width * 10 + d
            i += 1
        }
        if i < chars.count, chars[i] == "," || chars[i] == "_" {
            spec.grouping = chars[i]
            i += 1
        }
        if i < chars.count, chars[i] == "." {
            i += 1
            var p = 0
            var any = false
            while i < chars.count, chars[i].isASCII, let d = chars[i].wholeNumberValue {
                p = p * 10 + d
                i += 1
                any = true
            }
            if !any { throw TemplateError(.value, "Format specifier missing precision") }
            spec.precision = p
        }
        if i < chars.count {
            spec.type = chars[i]
            i += 1
        }
        if i < chars.count { throw TemplateError(.value, "Invalid format specifier '\(s)'") }
        chars = []
        return spec
    }

    /// `format(value, spec)`.
    static func formatValue(_ v: JinjaValue, _ specText: String) throws -> String {
        let spec = try parseSpec(specText)
        switch v {
        case .int, .bool:
            // bool formats as "True"/"False" only with an empty spec; otherwise as the int it is.
            if case .bool(let b) = v, specText.isEmpty { return b ? "True" : "False" }
            let i = v.asIndex!
            switch spec.type {
            case nil, "d", "x", "X", "o", "b", "c", "n":
                if spec.precision != nil {
                    throw TemplateError(.value, "Precision not allowed in integer format specifier")
                }
                return try formatInt(i, spec: spec, type: spec.type ?? "d")
            case "f", "F", "e", "E", "g", "G", "%":
                return try formatFloat(Double(i), spec: spec, type: spec.type)
            default:
                throw TemplateError(.value, "Unknown format code '\(spec.type!)' for object of type 'int'")
            }
        case .float(let d):
            switch spec.type {
            case nil, "f", "F", "e", "E", "g", "G", "%", "n":
                return try formatFloat(d, spec: spec, type: spec.type == "n" ? "g" : spec.type)
            default:
                throw TemplateError(.value, "Unknown format code '\(spec.type!)' for object of type 'float'")
            }
        case .string, .markup:
            if spec.type != nil && spec.type != "s" {
                throw TemplateError(
                    .value, "Unknown format code '\(spec.type!)' for object of type '\(PythonFormat.typeName(v))'")
            }
            if let g = spec.grouping { throw TemplateError(.value, "Cannot specify '\(g)' with 's'.") }
            if spec.sign != "-" { throw TemplateError(.value, "Sign not allowed in string format specifier") }
            var s = PythonFormat.str(v)
            if let p = spec.precision { s = String(s.prefix(p)) }
            return try pad(s, spec: spec, numeric: false)
        default:
            // Other objects only accept an empty spec (object.__format__).
            if !specText.isEmpty {
                throw TemplateError(
                    .type, "unsupported format string passed to \(PythonFormat.typeName(v)).__format__")
            }
            return PythonFormat.str(v)
        }
    }

    static func format(_ fmt: String, _ args: [JinjaValue], _ kwargs: [(String, JinjaValue)], _ rt: Runtime) throws
        -> String
    {
        var out = ""
        let chars = Array(fmt)
        var i = 0
        var auto = 0
        var manual = false
        var automatic = false
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count, chars[i + 1] == "{" {
                    out.append("{")
                    i += 2
                    continue
                }
                var j = i + 1
                var depth = 1
                var field = ""
                while j < chars.count {
                    if chars[j] == "{" { depth += 1 }
                    if chars[j] == "}" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    field.append(chars[j])
                    j += 1
                }
                if j >= chars.count { throw TemplateError(.value, "expected '}' before end of string") }
                i = j + 1
                // field_name[!conv][:spec]
                var name = field
                var conv: Character? = nil
                var spec = ""
                if let colon = field.firstIndex(of: ":") {
                    name = String(field[..<colon])
                    spec = String(field[field.index(after: colon)...])
                }
                if let bang = name.firstIndex(of: "!") {
                    let rest = name[name.index(after: bang)...]
                    conv = rest.first
                    name = String(name[..<bang])
                }
                if spec.contains("{") {
                    spec = try format(spec, args, kwargs, rt)
                }
                // resolve the field
                var head = name
                var tail = ""
                if let k = name.firstIndex(where: { $0 == "." || $0 == "[" }) {
                    head = String(name[..<k])
                    tail = String(name[k...])
                }
                var value: JinjaValue
                if head.isEmpty {
                    if manual {
                        throw TemplateError(
                            .value, "cannot switch from manual field specification to automatic field numbering")
                    }
                    automatic = true
                    guard auto < args.count else {
                        throw TemplateError(
                            .value, "Replacement index \(auto) out of range for positional args tuple")
                    }
                    value = args[auto]
                    auto += 1
                } else if let n = Int(head) {
                    if automatic {
                        throw TemplateError(
                            .value, "cannot switch from automatic field numbering to manual field specification")
                    }
                    manual = true
                    guard n < args.count else {
                        throw TemplateError(
                            .value, "Replacement index \(n) out of range for positional args tuple")
                    }
                    value = args[n]
                } else {
                    guard let kv = kwargs.first(where: { $0.0 == head }) else {
                        throw TemplateError(.value, "KeyError: '\(head)'")
                    }
                    value = kv.1
                }
                var t = Array(tail)
                var k = 0
                while k < t.count {
                    if t[k] == "." {
                        var attr = ""
                        k += 1
                        while k < t.count, t[k] != ".", t[k] != "[" {
                            attr.append(t[k])
                            k += 1
                        }
                        value = try rt.getAttr(value, attr)
                    } else if t[k] == "[" {
                        var key = ""
                        k += 1
                        while k < t.count, t[k] != "]" {
                            key.append(t[k])
                            k += 1
                        }
                        k += 1
                        let kv: JinjaValue = Int(key).map { .int($0) } ?? .string(key)
                        value = try rt.getItem(value, kv)
                    } else {
                        break
                    }
                }
                t = []
                switch conv {
                case "r", "a": value = .string(PythonFormat.repr(value))
                case "s": value = .string(PythonFormat.str(value))
                default: break
                }
                out += try formatValue(value, spec)
            } else if c == "}" {
                if i + 1 < chars.count, chars[i + 1] == "}" {
                    out.append("}")
                    i += 2
                    continue
                }
                throw TemplateError(.value, "Single '}' encountered in format string")
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }
}

import Foundation

/// The Python methods templates call on values: `str.split`, `dict.items`, `list.append`, ...
/// Mutating list/dict methods (`append`, `update`, ...) are refused at load (see `Parser.rejectMutatingCall`):
/// Flowgate's lists and dicts are values, so jinja2's in-place aliasing cannot be reproduced.
enum Methods {
    static func isListMutator(_ n: String) -> Bool {
        switch n {
        case "append", "extend", "pop", "insert", "remove", "clear", "reverse", "sort": return true
        default: return false
        }
    }

    static func isDictMutator(_ n: String) -> Bool {
        switch n {
        case "update", "pop", "setdefault", "clear", "popitem": return true
        default: return false
        }
    }

    static func isMutatorName(_ n: String) -> Bool { isListMutator(n) || isDictMutator(n) }

    /// Why `.name()` is refused (at load, or when a bound mutator is called indirectly) and what to write instead.
    static func mutationMessage(_ name: String) -> String {
        let what: String
        let instead: String
        switch name {
        case "append", "extend", "insert":
            what = "a list"
            instead = "{% set items = items + [x] %}"
        case "remove":
            what = "a list"
            instead = "{% set items = items | reject('equalto', x) | list %}"
        case "sort", "reverse":
            what = "a list"
            instead = "{% set items = items | \(name) | list %}"
        case "update", "setdefault":
            what = "a dict"
            instead = "{% set d = dict(d, key=value) %}"
        case "popitem":
            what = "a dict"
            instead = "{% set last = (d.items() | list)[-1] %}"
        default:  // pop, clear
            what = "a list or dict"
            instead = name == "clear" ? "{% set items = [] %}" : "{% set items = items[:-1] %}"
        }
        return "calling '.\(name)()' changes \(what) in place, which Flowgate templates do not support "
            + "(other references to the same value would not see the change); build a new value instead, e.g. \(instead)"
    }

    static func isStringMethod(_ n: String) -> Bool {
        switch n {
        case "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "startswith", "endswith", "upper", "lower",
            "title", "capitalize", "swapcase", "casefold", "replace", "find", "rfind", "index", "rindex", "count",
            "join", "format", "zfill", "center", "ljust", "rjust", "isdigit", "isalpha", "isalnum", "isspace",
            "isupper", "islower", "isnumeric", "isdecimal", "istitle", "partition", "rpartition", "removeprefix",
            "removesuffix", "expandtabs":
            return true
        default: return false
        }
    }

    static func isDictMethod(_ n: String) -> Bool {
        switch n {
        case "items", "keys", "values", "get", "copy": return true
        default: return isDictMutator(n)
        }
    }

    static func isListMethod(_ n: String) -> Bool {
        switch n {
        case "index", "count", "copy": return true
        default: return isListMutator(n)
        }
    }

    static func isMutable(_ v: JinjaValue, _ name: String) -> Bool {
        switch v {
        case .list: return isListMutator(name)
        case .dict: return isDictMutator(name)
        default: return false
        }
    }

    /// `value.name` as a bound method, if the value's type has it.
    static func bound(_ v: JinjaValue, _ name: String, _ rt: Runtime) -> JinjaValue? {
        switch v {
        case .string, .markup:
            guard isStringMethod(name) else { return nil }
        case .dict:
            guard isDictMethod(name) else { return nil }
        case .list:
            guard isListMethod(name) else { return nil }
        case .tuple:
            guard name == "index" || name == "count" else { return nil }
        default:
            return nil
        }
        return .function(
            JinjaFunction(name: name) { [rt] args, kwargs in
                // Reached only indirectly (`{% set f = xs.append %}{{ f(1) }}`): direct calls are refused at load.
                if isMutable(v, name) { throw TemplateError(.unsupported, mutationMessage(name)) }
                return try callPure(v, name, Arguments(args, kwargs), rt)
            })
    }

    static func str(_ a: Arguments, _ i: Int, _ name: String) throws -> String? {
        guard let v = a.get(i, name) else { return nil }
        switch v {
        case .none: return nil
        case .string(let s), .markup(let s): return s
        default:
            throw TemplateError(.type, "must be str or None, not \(PythonFormat.typeName(v))")
        }
    }

    static func int(_ a: Arguments, _ i: Int, _ name: String) throws -> Int? {
        guard let v = a.get(i, name) else { return nil }
        if case .none = v { return nil }
        guard let n = v.asIndex else {
            throw TemplateError(
                .type, "'\(PythonFormat.typeName(v))' object cannot be interpreted as an integer")
        }
        return n
    }

    static func callPure(_ v: JinjaValue, _ name: String, _ a: Arguments, _ rt: Runtime) throws -> JinjaValue {
        switch v {
        case .string(let s): return try stringMethod(s, name, a, rt, markup: false)
        case .markup(let s): return try stringMethod(s, name, a, rt, markup: true)
        case .dict(let d):
            switch name {
            case "items": return DictView.make("dict_items", d.items.map { .tuple([$0.key, $0.value]) })
            case "keys": return DictView.make("dict_keys", d.keys)
            case "values": return DictView.make("dict_values", d.values)
            case "get":
                guard let k = a.get(0, "key") else { throw TemplateError(.type, "get expected at least 1 argument, got 0") }
                return d[k] ?? (a.positional.count > 1 ? a.positional[1] : .none)
            case "copy": return v
            default: break
            }
        case .list(let arr), .tuple(let arr):
            switch name {
            case "index":
                guard let x = a.get(0, "value") else { throw TemplateError(.type, "index expected at least 1 argument") }
                if let i = arr.firstIndex(where: { Operators.equal($0, x) }) { return .int(i) }
                throw TemplateError(.value, "\(PythonFormat.repr(x)) is not in list")
            case "count":
                guard let x = a.get(0, "value") else { throw TemplateError(.type, "count() takes exactly one argument") }
                return .int(arr.filter { Operators.equal($0, x) }.count)
            case "copy": return v
            default: break
            }
        default: break
        }
        throw TemplateError(.type, "'\(PythonFormat.typeName(v))' object has no attribute '\(name)'")
    }

    // MARK: str

    static func pyStrip(_ s: String, _ chars: String?, left: Bool, right: Bool) -> String {
        if chars == nil {
            // ASCII fast path on UTF-8 bytes; any non-ASCII byte at an edge takes the general path.
            let u = s.utf8
            var lo = u.startIndex
            var hi = u.endIndex
            var ascii = true
            func isAsciiSpace(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) || (b >= 28 && b <= 31) }
            if left {
                while lo < hi {
                    let b = u[lo]
                    if b >= 0x80 { ascii = false; break }
                    if !isAsciiSpace(b) { break }
                    lo = u.index(after: lo)
                }
            }
            if right && ascii {
                while hi > lo {
                    let p = u.index(before: hi)
                    let b = u[p]
                    if b >= 0x80 { ascii = false; break }
                    if !isAsciiSpace(b) { break }
                    hi = p
                }
            }
            if ascii {
                if lo == u.startIndex && hi == u.endIndex { return s }
                return String(u[lo..<hi]) ?? String(s[lo..<hi])
            }
        }
        let view = s.unicodeScalars
        let set: Set<Unicode.Scalar>? = chars.map { Set($0.unicodeScalars) }
        func strip(_ u: Unicode.Scalar) -> Bool { set.map { $0.contains(u) } ?? Lexer.isSpace(u) }
        var lo = view.startIndex
        var hi = view.endIndex
        if left { while lo < hi, strip(view[lo]) { lo = view.index(after: lo) } }
        if right {
            while hi > lo {
                let p = view.index(before: hi)
                if !strip(view[p]) { break }
                hi = p
            }
        }
        if lo == view.startIndex && hi == view.endIndex { return s }
        return String(view[lo..<hi])
    }

    /// `str.split()` with Python's rules (no separator: runs of whitespace, ends dropped).
    static func pySplit(_ s: String, _ sep: String?, _ maxsplit: Int) throws -> [String] {
        if let sep {
            if sep.isEmpty { throw TemplateError(.value, "empty separator") }
            return TextSearch.split(s, sep, max: maxsplit)
        }
        var out: [String] = []
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            while i < scalars.count, Lexer.isSpace(scalars[i]) { i += 1 }
            if i >= scalars.count { break }
            if maxsplit >= 0 && out.count >= maxsplit {
                var tail = String.UnicodeScalarView()
                tail.append(contentsOf: scalars[i...])
                out.append(String(tail))
                return out
            }
            var word = String.UnicodeScalarView()
            while i < scalars.count, !Lexer.isSpace(scalars[i]) {
                word.append(scalars[i])
                i += 1
            }
            out.append(String(word))
        }
        return out
    }

    static func pyRSplit(_ s: String, _ sep: String?, _ maxsplit: Int) throws -> [String] {
        if maxsplit < 0 { return try pySplit(s, sep, -1) }
        if let sep {
            if sep.isEmpty { throw TemplateError(.value, "empty separator") }
            var hay = Array(s.utf8)
            let needle = Array(sep.utf8)
            var tail: [String] = []
            while tail.count < maxsplit, let i = TextSearch.findLast(hay, needle) {
                tail.append(TextSearch.string(hay[(i + needle.count)...]))
                hay.removeSubrange(i...)
            }
            return [TextSearch.string(hay[...])] + tail.reversed()
        }
        let rev = String(s.unicodeScalars.reversed().map(Character.init))
        let revSep = sep.map { String($0.unicodeScalars.reversed().map(Character.init)) }
        let parts = try pySplit(rev, revSep, maxsplit)
        return parts.reversed().map { String($0.unicodeScalars.reversed().map(Character.init)) }
    }

    static func pyTitle(_ s: String) -> String {
        var out = ""
        var prevCased = false
        for u in s.unicodeScalars {
            let cased = u.properties.isCased
            if cased {
                out += prevCased ? String(u).lowercased() : titlecase(u)
            } else {
                out.unicodeScalars.append(u)
            }
            prevCased = cased || (u.properties.isCaseIgnorable && prevCased && false)
        }
        return out
    }

    static func titlecase(_ u: Unicode.Scalar) -> String { u.properties.titlecaseMapping }

    static func pyCapitalize(_ s: String) -> String {
        guard let first = s.unicodeScalars.first else { return s }
        var rest = String.UnicodeScalarView(s.unicodeScalars.dropFirst())
        let lowered = String(rest).lowercased()
        rest = lowered.unicodeScalars
        return titlecase(first) + String(rest)
    }

    static func pyCenter(_ s: String, _ width: Int, _ fill: String) -> String {
        let n = s.unicodeScalars.count
        guard width > n else { return s }
        let marg = width - n
        let left = marg / 2 + (marg & width & 1)
        return String(repeating: fill, count: left) + s + String(repeating: fill, count: marg - left)
    }

    static func scalarsCount(_ s: String) -> Int { s.unicodeScalars.count }

    /// Python `str.find`-style search over code points, with optional start/end.
    static func find(_ s: String, _ sub: String, _ start: Int?, _ end: Int?, reverse: Bool) -> Int {
        let hay = Array(s.unicodeScalars)
        let needle = Array(sub.unicodeScalars)
        let n = hay.count
        var lo = start ?? 0
        var hi = end ?? n
        if lo < 0 { lo = max(0, lo + n) }
        if hi < 0 { hi = max(0, hi + n) }
        hi = min(hi, n)
        if hi - lo < needle.count { return -1 }
        let candidates = reverse ? Array(stride(from: hi - needle.count, through: lo, by: -1)) : Array(lo...(hi - needle.count))
        for i in candidates where Array(hay[i..<(i + needle.count)]) == needle { return i }
        return -1
    }

    static func countOccurrences(_ s: String, _ sub: String) -> Int {
        if sub.isEmpty { return s.unicodeScalars.count + 1 }
        return TextSearch.count(s, sub)
    }

    static func stringMethod(_ s: String, _ name: String, _ a: Arguments, _ rt: Runtime, markup: Bool) throws
        -> JinjaValue
    {
        func wrap(_ r: String) -> JinjaValue { markup ? .markup(r) : .string(r) }
        func prefixes(_ v: JinjaValue?) throws -> [String] {
            switch v {
            case .string(let p)?, .markup(let p)?: return [p]
            case .tuple(let ps)?:
                return try ps.map {
                    guard case .string(let p) = $0 else { throw TemplateError(.type, "tuple for startswith must only contain str") }
                    return p
                }
            default:
                throw TemplateError(.type, "startswith first arg must be str or a tuple of str")
            }
        }
        switch name {
        case "strip": return wrap(pyStrip(s, try str(a, 0, "chars"), left: true, right: true))
        case "lstrip": return wrap(pyStrip(s, try str(a, 0, "chars"), left: true, right: false))
        case "rstrip": return wrap(pyStrip(s, try str(a, 0, "chars"), left: false, right: true))
        case "split":
            return .list(try pySplit(s, try str(a, 0, "sep"), try int(a, 1, "maxsplit") ?? -1).map(wrap))
        case "rsplit":
            return .list(try pyRSplit(s, try str(a, 0, "sep"), try int(a, 1, "maxsplit") ?? -1).map(wrap))
        case "splitlines":
            let keep = a.get(0, "keepends")?.isTruthy ?? false
            var lines: [JinjaValue] = []
            var cur = String.UnicodeScalarView()
            let scalars = Array(s.unicodeScalars)
            var i = 0
            while i < scalars.count {
                let u = scalars[i]
                if Lexer.isLineBreak(u) {
                    var brk = String.UnicodeScalarView([u])
                    if u == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" {
                        brk.append("\n")
                        i += 1
                    }
                    if keep { cur.append(contentsOf: brk) }
                    lines.append(wrap(String(cur)))
                    cur = String.UnicodeScalarView()
                } else {
                    cur.append(u)
                }
                i += 1
            }
            if !cur.isEmpty { lines.append(wrap(String(cur))) }
            return .list(lines)
        case "startswith", "endswith":
            let ps = try prefixes(a.get(0, "prefix"))
            var sub = s
            let start = try int(a, 1, "start")
            let end = try int(a, 2, "end")
            if start != nil || end != nil {
                let sl = try Operators.slice(.string(s), start.map { .int($0) }, end.map { .int($0) }, nil)
                sub = PythonFormat.str(sl)
            }
            let r = ps.contains { name == "startswith" ? sub.unicodeScalars.starts(with: $0.unicodeScalars) : sub.unicodeScalars.reversed().starts(with: $0.unicodeScalars.reversed()) }
            return .bool(r)
        case "upper": return wrap(s.uppercased())
        case "lower": return wrap(s.lowercased())
        case "casefold":
            var folded = ""
            for u in s.lowercased().unicodeScalars {
                switch u {
                case "ß": folded += "ss"
                case "ς": folded += "σ"
                case "ſ": folded += "s"
                default: folded.unicodeScalars.append(u)
                }
            }
            return wrap(folded)
        case "expandtabs":
            let size = try int(a, 0, "tabsize") ?? 8
            _ = try Limits.product(max(size, 0), s.utf8.count + 1, "expandtabs")
            var outText = ""
            var column = 0
            for u in s.unicodeScalars {
                if u == "\t" {
                    if size > 0 {
                        let n = size - column % size
                        outText += String(repeating: " ", count: n)
                        column += n
                    }
                } else {
                    outText.unicodeScalars.append(u)
                    column = (u == "\n" || u == "\r") ? 0 : column + 1
                }
            }
            return wrap(outText)
        case "title": return wrap(pyTitle(s))
        case "capitalize": return wrap(pyCapitalize(s))
        case "swapcase":
            return wrap(s.unicodeScalars.map { u -> String in
                u.properties.isUppercase ? String(u).lowercased() : (u.properties.isLowercase ? String(u).uppercased() : String(u))
            }.joined())
        case "replace":
            guard let old = try str(a, 0, "old"), let new = try str(a, 1, "new") else {
                throw TemplateError(.type, "replace expected at least 2 arguments")
            }
            let count = try int(a, 2, "count") ?? -1
            return wrap(replace(s, old, new, count))
        case "find", "rfind", "index", "rindex":
            guard let sub = try str(a, 0, "sub") else { throw TemplateError(.type, "\(name)() takes at least 1 argument (0 given)") }
            let r = find(s, sub, try int(a, 1, "start"), try int(a, 2, "end"), reverse: name.hasPrefix("r"))
            if r < 0 && name.hasSuffix("index") { throw TemplateError(.value, "substring not found") }
            return .int(r)
        case "count":
            guard let sub = try str(a, 0, "sub") else { throw TemplateError(.type, "count() takes at least 1 argument (0 given)") }
            let start = try int(a, 1, "start")
            let end = try int(a, 2, "end")
            if start != nil || end != nil {
                let part = try Operators.slice(.string(s), start.map { .int($0) }, end.map { .int($0) }, nil)
                return .int(countOccurrences(PythonFormat.str(part), sub))
            }
            return .int(countOccurrences(s, sub))
        case "join":
            guard let x = a.positional.first else { throw TemplateError(.type, "str.join() takes exactly one argument (0 given)") }
            let items = try rt.iterate(x)
            var parts: [String] = []
            for (i, it) in items.enumerated() {
                switch it {
                case .string(let p): parts.append(markup ? Escaping.escape(p) : p)
                case .markup(let p): parts.append(p)
                default:
                    throw TemplateError(.type, "sequence item \(i): expected str instance, \(PythonFormat.typeName(it)) found")
                }
            }
            return wrap(parts.joined(separator: s))
        case "format":
            return wrap(try StringFormatting.format(s, a.positional, a.keywords, rt))
        case "zfill":
            let w = try int(a, 0, "width") ?? 0
            try Limits.check(w, "zfill")
            let n = s.unicodeScalars.count
            if w <= n { return wrap(s) }
            var body = s
            var sign = ""
            if let f = s.first, f == "+" || f == "-" {
                sign = String(f)
                body = String(s.dropFirst())
            }
            return wrap(sign + String(repeating: "0", count: w - n) + body)
        case "center", "ljust", "rjust":
            let w = try int(a, 0, "width") ?? 0
            try Limits.check(w, name)
            let fill = try str(a, 1, "fillchar") ?? " "
            let n = s.unicodeScalars.count
            if w <= n { return wrap(s) }
            if name == "center" { return wrap(pyCenter(s, w, fill)) }
            let pad = String(repeating: fill, count: w - n)
            return wrap(name == "ljust" ? s + pad : pad + s)
        case "isdigit", "isnumeric", "isdecimal":
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType != nil })
        case "isalpha": return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic })
        case "isalnum":
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil })
        case "isspace": return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { Lexer.isSpace($0) })
        case "isupper": return .bool(isUpper(s))
        case "islower": return .bool(isLower(s))
        case "istitle": return .bool(!s.isEmpty && pyTitle(s) == s && s.unicodeScalars.contains { $0.properties.isCased })
        case "partition", "rpartition":
            guard let sep = try str(a, 0, "sep") else { throw TemplateError(.type, "must be str") }
            let hay = Array(s.utf8)
            let needle = Array(sep.utf8)
            if sep.isEmpty { throw TemplateError(.value, "empty separator") }
            if let i = name == "partition" ? TextSearch.find(hay, needle) : TextSearch.findLast(hay, needle) {
                return .tuple([
                    wrap(TextSearch.string(hay[..<i])), wrap(sep), wrap(TextSearch.string(hay[(i + needle.count)...])),
                ])
            }
            return name == "partition" ? .tuple([wrap(s), wrap(""), wrap("")]) : .tuple([wrap(""), wrap(""), wrap(s)])
        case "removeprefix":
            let p = try str(a, 0, "prefix") ?? ""
            return wrap(s.utf8.starts(with: p.utf8) ? TextSearch.string(Array(s.utf8)[p.utf8.count...]) : s)
        case "removesuffix":
            let p = try str(a, 0, "suffix") ?? ""
            return wrap(s.utf8.reversed().starts(with: p.utf8.reversed()) ? TextSearch.string(Array(s.utf8).dropLast(p.utf8.count)) : s)
        default:
            throw TemplateError(.type, "'str' object has no attribute '\(name)'")
        }
    }

    static func isUpper(_ s: String) -> Bool {
        let cased = s.unicodeScalars.filter { $0.properties.isCased }
        return !cased.isEmpty && cased.allSatisfy { !$0.properties.isLowercase }
    }

    static func isLower(_ s: String) -> Bool {
        let cased = s.unicodeScalars.filter { $0.properties.isCased }
        return !cased.isEmpty && cased.allSatisfy { !$0.properties.isUppercase }
    }

    static func replace(_ s: String, _ old: String, _ new: String, _ count: Int) -> String {
        if count == 0 { return s }
        if old.isEmpty {
            var out = ""
            var n = 0
            for u in s.unicodeScalars {
                if count < 0 || n < count {
                    out += new
                    n += 1
                }
                out.unicodeScalars.append(u)
            }
            if count < 0 || n < count { out += new }
            return out
        }
        return TextSearch.replace(s, old, new, max: count)
    }
}

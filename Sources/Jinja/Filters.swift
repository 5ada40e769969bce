import Foundation

typealias FilterFunction = @Sendable (JinjaValue, Arguments, Runtime) throws -> JinjaValue

/// `(grouper, list)` from `groupby`: a tuple that also has `.grouper` and `.list`.
final class GroupTuple: IterableNative, @unchecked Sendable {
    let grouper: JinjaValue
    let list: [JinjaValue]
    init(_ g: JinjaValue, _ l: [JinjaValue]) {
        grouper = g
        list = l
    }
    var items: [JinjaValue] { [grouper, .list(list)] }
    var pythonRepr: String { PythonFormat.repr(.tuple(items)) }
    func attribute(_ name: String) -> JinjaValue? {
        switch name {
        case "grouper": return grouper
        case "list": return .list(list)
        default: return nil
        }
    }
}

/// jinja2's builtin filters, by name. Looked up once at parse time.
enum Filters {
    /// Filters jinja2 has that this engine refuses at load time (nondeterministic or not implemented).
    static let unsupported: Set<String> = ["random", "pprint", "xmlattr", "urlize"]

    /// Every filter name jinja2 3.1 knows; other names are unknown to jinja2 as well.
    static let jinjaBuiltins: Set<String> = [
        "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e", "escape",
        "filesizeformat", "first", "float", "forceescape", "format", "groupby", "indent", "int", "join", "last",
        "length", "list", "lower", "items", "map", "min", "max", "pprint", "random", "reject", "rejectattr",
        "replace", "reverse", "round", "safe", "select", "selectattr", "slice", "sort", "string", "striptags",
        "sum", "title", "trim", "truncate", "unique", "upper", "urlencode", "urlize", "wordcount", "wordwrap",
        "xmlattr", "tojson",
    ]

    static func lookup(_ name: String) -> FilterFunction? { table[name] }

    static let table: [String: FilterFunction] = [
        "default": defaultFilter, "d": defaultFilter,
        "join": join, "length": length, "count": length,
        "upper": { v, a, rt in try a.check("upper", [], rt); return .string(asciiUpper(soft(v)) ?? soft(v).uppercased()) },
        "lower": { v, a, rt in try a.check("lower", [], rt); return .string(soft(v).lowercased()) },
        "title": title, "capitalize": { v, _, _ in .string(Methods.pyCapitalize(soft(v))) },
        "trim": { v, a, rt in
            try a.check("trim", ["chars"], rt)
            return .string(Methods.pyStrip(soft(v), try Methods.str(a, 0, "chars"), left: true, right: true))
        },
        "replace": replace, "truncate": truncate, "wordwrap": wordwrap, "indent": indent,
        "center": { v, a, rt in
            let w = try Methods.int(a, 0, "width") ?? 80
            try Limits.check(w, "center")
            return .string(Methods.pyCenter(soft(v), w, " "))
        },
        "tojson": { v, a, rt in
            try a.check("tojson", ["indent"], rt)
            let indent = try Methods.int(a, 0, "indent")
            if let indent { try Limits.check(indent * 1024, "tojson indent") }
            return .markup(JSON.htmlSafe(try JSON.dumps(v, indent: indent, sortKeys: true)))
        },
        "safe": { v, _, _ in
            if case .markup = v { return v }
            return .markup(PythonFormat.str(v))
        },
        "escape": { v, _, _ in Escaping.escapeValue(v) }, "e": { v, _, _ in Escaping.escapeValue(v) },
        "forceescape": { v, _, _ in .markup(Escaping.escape(PythonFormat.str(v))) },
        "first": first, "last": last,
        "list": { v, _, rt in .list(try rt.iterate(v)) },
        "sort": sort, "reverse": reverse, "unique": lazy(unique),
        "min": { v, a, rt in try minMax(v, a, rt, max: false) },
        "max": { v, a, rt in try minMax(v, a, rt, max: true) },
        "sum": sum, "map": map, "select": { v, a, rt in try select(v, a, rt, attr: false, keep: true) },
        "reject": { v, a, rt in try select(v, a, rt, attr: false, keep: false) },
        "selectattr": { v, a, rt in try select(v, a, rt, attr: true, keep: true) },
        "rejectattr": { v, a, rt in try select(v, a, rt, attr: true, keep: false) },
        "groupby": groupby, "dictsort": dictsort,
        "items": { v, _, rt in
            IteratorValue.make {
                switch v {
                case .undefined: return []
                case .dict(let d): return d.items.map { .tuple([$0.key, $0.value]) }
                default: throw TemplateError(.type, "Can only get item pairs from a mapping.")
                }
            }
        },
        "batch": lazy(batch), "slice": lazy(sliceFilter), "round": round, "int": intFilter, "float": floatFilter,
        "string": { v, _, _ in
            try Runtime.checkPrintable(v)
            if case .markup = v { return v }
            return .string(PythonFormat.str(v))
        },
        "abs": { v, _, _ in
            if let b = v.bigInt, v.isBigInt { return BigIntValue.make(BigInt(negative: false, limbs: b.limbs)) }
            switch v {
            case .int(let i): return i == Int.min ? BigIntValue.make(-BigInt(i)) : .int(abs(i))
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d): return .float(abs(d))
            default:
                if let e = Operators.undefinedError(v) { throw e }
                throw TemplateError(.type, "bad operand type for abs(): '\(PythonFormat.typeName(v))'")
            }
        },
        "wordcount": { v, _, _ in
            var n = 0
            var inWord = false
            for u in soft(v).unicodeScalars {
                let w = u == "_" || u.properties.isAlphabetic || u.properties.numericType != nil
                    || u.properties.generalCategory == .nonspacingMark
                if w && !inWord { n += 1 }
                inWord = w
            }
            return .int(n)
        },
        "striptags": { v, _, _ in .string(striptags(PythonFormat.str(v))) },
        "urlencode": urlencode, "format": formatFilter, "filesizeformat": filesizeformat,
        "attr": { v, a, rt in
            guard let n = a.get(0, "name") else { throw TemplateError(.type, "attr() missing required argument") }
            let name = PythonFormat.str(n)
            if case .dict = v {
                // attr() reads attributes only, never dict keys.
                if !name.hasPrefix("_"), let m = Methods.bound(v, name, rt) { return m }
                return .undefined(name: "'dict object' has no attribute '\(name)'")
            }
            return try rt.getAttr(v, name)
        },
    ]

    /// jinja2's generator filters: the work happens when the result is first iterated, once.
    static func lazy(_ f: @escaping FilterFunction) -> FilterFunction {
        { v, a, rt in
            IteratorValue.make {
                guard case .list(let items) = try f(v, a, rt) else { return [] }
                return items
            }
        }
    }

    /// `truncate` of an ASCII string (characters are bytes: cut the UTF-8 buffer in place); nil for other text.
    /// Callers have checked `length >= end.count` and `leeway >= 0`.
    static func asciiTruncate(_ s: String, _ length: Int, killwords: Bool, end: String, leeway: Int) -> String? {
        if s.utf8.count <= length + leeway { return s }
        let endLen = end.utf8.count
        guard end.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        var copy = s
        return copy.withUTF8 { buf -> String? in
            for b in buf where b >= 0x80 { return nil }
            let cut = max(0, length - endLen)
            var stop = cut
            // rsplit(" ", 1)[0]: everything before the last space, if there is one.
            if !killwords, let space = buf[0..<cut].lastIndex(of: 32) { stop = space }
            return String(unsafeUninitializedCapacity: stop + endLen) { out in
                _ = out.initialize(from: buf[0..<stop])
                var i = stop
                for b in end.utf8 {
                    out[i] = b
                    i += 1
                }
                return i
            }
        }
    }

    /// `join` of plain strings with a plain separator; nil when an item is anything else.
    static func joinStrings(_ items: [JinjaValue], _ sep: String) -> String? {
        var out = ""
        for (i, x) in items.enumerated() {
            guard case .string(let s) = x else { return nil }
            if i > 0 { out += sep }
            out += s
        }
        return out
    }

    /// `str.upper()` of an ASCII string (only a-z change); nil when the string has other characters.
    static func asciiUpper(_ s: String) -> String? {
        var copy = s
        return copy.withUTF8 { buf -> String? in
            var lower = false
            for b in buf {
                if b >= 0x80 { return nil }
                if b >= 0x61 && b <= 0x7A { lower = true }
            }
            if !lower { return s }
            return String(unsafeUninitializedCapacity: buf.count) { out in
                for i in 0..<buf.count {
                    let b = buf[i]
                    out[i] = b >= 0x61 && b <= 0x7A ? b &- 0x20 : b
                }
                return buf.count
            }
        }
    }

    /// `soft_str`: str() of the value, Markup kept as its text.
    static func soft(_ v: JinjaValue) -> String { PythonFormat.str(v) }

    static let defaultFilter: FilterFunction = { v, a, rt in
        try a.check("default", ["default_value", "boolean"], rt)
        let def = a.get(0, "default_value") ?? .string("")
        let boolean = a.get(1, "boolean")?.isTruthy ?? false
        if v.isUndefined || (boolean && !v.isTruthy) { return def }
        return v
    }

    static let join: FilterFunction = { v, a, rt in
        try a.check("join", ["d", "attribute"], rt)
        let sep = PythonFormat.str(a.get(0, "d") ?? .string(""))
        var items = try rt.iterate(v)
        if let attr = a.get(1, "attribute") {
            let getter = attributeGetter(attr, rt)
            items = try items.map(getter)
        }
        var out = ""
        for (i, x) in items.enumerated() {
            if i > 0 { out += sep }
            PythonFormat.write(x, into: &out)
        }
        return .string(out)
    }

    static let length: FilterFunction = { v, _, _ in
        switch v {
        case .string(let s), .markup(let s): return .int(s.unicodeScalars.count)
        case .list(let a), .tuple(let a): return .int(a.count)
        case .dict(let d): return .int(d.count)
        case .undefined: return .int(0)
        case .object(let o):
            if let it = o.native as? IterableNative { return .int(it.items.count) }
        default: break
        }
        throw TemplateError(.type, "object of type '\(PythonFormat.typeName(v))' has no len()")
    }

    static let title: FilterFunction = { v, _, _ in
        // Words start after whitespace or one of -({[< ; each word: first char upper, rest lower.
        let s = soft(v)
        var out = ""
        var atStart = true
        for u in s.unicodeScalars {
            let sep = Lexer.isSpace(u) || "-({[<".unicodeScalars.contains(u)
            if sep {
                out.unicodeScalars.append(u)
                atStart = true
            } else if atStart {
                out += String(u).uppercased()
                atStart = false
            } else {
                out += String(u).lowercased()
            }
        }
        return .string(out)
    }

    static let replace: FilterFunction = { v, a, rt in
        try a.check("replace", ["old", "new", "count"], rt)
        guard let old = a.get(0, "old"), let new = a.get(1, "new") else {
            throw TemplateError(.type, "do_replace() missing required argument")
        }
        let count = try Methods.int(a, 2, "count") ?? -1
        return .string(Methods.replace(soft(v), PythonFormat.str(old), PythonFormat.str(new), count))
    }

    static let truncate: FilterFunction = { v, a, rt in
        try a.check("truncate", ["length", "killwords", "end", "leeway"], rt)
        switch v {
        case .string, .markup, .undefined: break
        case .list(let items), .tuple(let items):
            let length = try Methods.int(a, 0, "length") ?? 255
            let leeway = try Methods.int(a, 3, "leeway") ?? 5
            if items.count <= length + leeway { return v }
            throw TemplateError(.unsupported, "truncate of a long list is not supported")
        default:
            throw TemplateError(.type, "object of type '\(PythonFormat.typeName(v))' has no len()")
        }
        let s = soft(v)
        let length = try Methods.int(a, 0, "length") ?? 255
        let killwords = a.get(1, "killwords")?.isTruthy ?? false
        let end = PythonFormat.str(a.get(2, "end") ?? .string("..."))
        let leeway = try Methods.int(a, 3, "leeway") ?? 5
        let view = s.unicodeScalars
        let endLen = end.unicodeScalars.count
        if length < endLen { throw TemplateError(.runtime, "expected length >= \(endLen), got \(length)") }
        if leeway < 0 { throw TemplateError(.runtime, "expected leeway >= 0, got \(leeway)") }
        // A string has at most as many characters as UTF-8 bytes; short ones need no counting.
        if s.utf8.count <= length + leeway { return .string(s) }
        if let r = asciiTruncate(s, length, killwords: killwords, end: end, leeway: leeway) { return .string(r) }
        if view.count <= length + leeway { return .string(s) }
        let cutEnd = view.index(view.startIndex, offsetBy: max(0, length - endLen))
        let head = view[view.startIndex..<cutEnd]
        if killwords { return .string(String(head) + end) }
        // rsplit(" ", 1)[0]: everything before the last space, if there is one.
        if let space = head.lastIndex(of: " ") { return .string(String(view[view.startIndex..<space]) + end) }
        return .string(String(head) + end)
    }

    static let indent: FilterFunction = { v, a, rt in
        try a.check("indent", ["width", "first", "blank"], rt)
        var indention = "    "
        if let w = a.get(0, "width") {
            switch w {
            case .string(let s), .markup(let s): indention = s
            default:
                guard let n = w.asIndex else { throw TemplateError(.type, "can't multiply sequence by non-int") }
                try Limits.check(n, "indent")
                indention = String(repeating: " ", count: max(0, n))
            }
        }
        let first = a.get(1, "first")?.isTruthy ?? false
        let blank = a.get(2, "blank")?.isTruthy ?? false
        switch v {
        case .string, .markup: break
        default:
            if let e = Operators.undefinedError(v) { throw e }
            throw TemplateError(
                .type, "unsupported operand type(s) for +=: '\(PythonFormat.typeName(v))' and 'str'")
        }
        let s = soft(v) + "\n"
        guard case .list(let lineValues) = try Methods.stringMethod(s, "splitlines", Arguments(), rt, markup: false)
        else { return v }
        let lines = lineValues.map { PythonFormat.str($0) }
        var rv: String
        if blank {
            rv = lines.joined(separator: "\n" + indention)
        } else {
            rv = lines.first ?? ""
            if lines.count > 1 {
                rv += "\n" + lines.dropFirst().map { $0.isEmpty ? $0 : indention + $0 }.joined(separator: "\n")
            }
        }
        if first { rv = indention + rv }
        return .string(rv)
    }

    static let first: FilterFunction = { v, a, rt in
        try a.check("first", [], rt)
        if let it = v.iterator { return try it.next() ?? .undefined(name: "No first item, sequence was empty.") }
        let items = try rt.iterate(v)
        return items.first ?? .undefined(name: "No first item, sequence was empty.")
    }

    static let last: FilterFunction = { v, a, rt in
        try a.check("last", [], rt)
        switch v {
        case .list, .tuple, .string, .markup, .undefined:
            let items = try rt.iterate(v)
            return items.last ?? .undefined(name: "No last item, sequence was empty.")
        case .object(let o) where o.native is IterableNative:
            let items = try rt.iterate(v)
            return items.last ?? .undefined(name: "No last item, sequence was empty.")
        case .dict(let d):
            return d.keys.last ?? .undefined(name: "No last item, sequence was empty.")
        default:
            throw TemplateError(.type, "'\(PythonFormat.typeName(v))' object is not reversible")
        }
    }

    /// `attribute="a.b.0"` getter: dotted path, integer parts index lists.
    static func attributeGetter(_ attr: JinjaValue, _ rt: Runtime, default def: JinjaValue? = nil)
        -> (JinjaValue) throws -> JinjaValue
    {
        var parts: [JinjaValue]
        switch attr {
        case .string(let s), .markup(let s):
            parts = s.split(separator: ".", omittingEmptySubsequences: false).map {
                if let i = Int($0) { return .int(i) }
                return .string(String($0))
            }
        case .int: parts = [attr]
        default: parts = [attr]
        }
        return { item in
            var cur = item
            for p in parts {
                cur = try rt.getItem(cur, p)
                if let def, cur.isUndefined { cur = def }
            }
            return cur
        }
    }

    static func sortKeyLowered(_ v: JinjaValue, caseSensitive: Bool) -> JinjaValue {
        if !caseSensitive, case .string(let s) = v { return .string(s.lowercased()) }
        if !caseSensitive, case .markup(let s) = v { return .string(s.lowercased()) }
        return v
    }

    /// Stable sort with Python comparison rules.
    static func sortValues(
        _ items: [JinjaValue], reverse: Bool, caseSensitive: Bool, key: (JinjaValue) throws -> JinjaValue
    ) throws -> [JinjaValue] {
        var keyed: [(JinjaValue, JinjaValue)] = []
        keyed.reserveCapacity(items.count)
        for i in items { keyed.append((sortKeyLowered(try key(i), caseSensitive: caseSensitive), i)) }
        var err: Error? = nil
        // Python sorts stably; reverse=True keeps equal items in original order too.
        let indexed = keyed.enumerated().map { ($0.offset, $0.element) }
        let sorted = indexed.sorted { x, y in
            if err != nil { return false }
            do {
                if reverse {
                    if try Operators.lessThan(y.1.0, x.1.0) { return true }
                    if try Operators.lessThan(x.1.0, y.1.0) { return false }
                } else {
                    if try Operators.lessThan(x.1.0, y.1.0) { return true }
                    if try Operators.lessThan(y.1.0, x.1.0) { return false }
                }
                return x.0 < y.0
            } catch {
                err = error
                return false
            }
        }
        if let err { throw err }
        return sorted.map { $0.1.1 }
    }

    static func keyFunction(_ attr: JinjaValue?, _ rt: Runtime) -> (JinjaValue) throws -> JinjaValue {
        guard let attr else { return { $0 } }
        if case .string(let s) = attr, s.contains(",") {
            let getters = s.split(separator: ",").map { attributeGetter(.string(String($0).trimmingCharacters(in: .whitespaces)), rt) }
            return { item in .tuple(try getters.map { try $0(item) }) }
        }
        return attributeGetter(attr, rt)
    }

    static let sort: FilterFunction = { v, a, rt in
        try a.check("sort", ["reverse", "case_sensitive", "attribute"], rt)
        let reverse = a.get(0, "reverse")?.isTruthy ?? false
        let cs = a.get(1, "case_sensitive")?.isTruthy ?? false
        let key = keyFunction(a.get(2, "attribute"), rt)
        let items = try rt.iterate(v)
        let hasAttribute = a.get(2, "attribute") != nil
        let caseKey: (JinjaValue) throws -> JinjaValue = { x in
            var k = try key(x)
            // jinja2 sorts by a list of keys when an attribute is given; lists compare by == first.
            if hasAttribute, case .tuple = k {} else if hasAttribute { k = .tuple([k]) }
            if case .tuple(let parts) = k, !cs { return .tuple(parts.map { sortKeyLowered($0, caseSensitive: false) }) }
            return k
        }
        return .list(try sortValues(items, reverse: reverse, caseSensitive: cs, key: caseKey))
    }

    static let reverse: FilterFunction = { v, _, rt in
        switch v {
        case .string(let s): return .string(String(String.UnicodeScalarView(s.unicodeScalars.reversed())))
        case .markup(let s): return .markup(String(String.UnicodeScalarView(s.unicodeScalars.reversed())))
        // reversed(sequence) is an iterator; anything else becomes a reversed list.
        case .list(let a), .tuple(let a): return IteratorValue.make("list_reverseiterator") { a.reversed() }
        case .dict(let d): return IteratorValue.make("dict_reversekeyiterator") { d.keys.reversed() }
        case .object(let o) where o.native is RangeValue:
            let items = (o.native as! RangeValue).items
            return IteratorValue.make("range_iterator") { items.reversed() }
        default: return .list(try rt.iterate(v).reversed())
        }
    }

    static let unique: FilterFunction = { v, a, rt in
        try a.check("unique", ["case_sensitive", "attribute"], rt)
        let cs = a.get(0, "case_sensitive")?.isTruthy ?? false
        let key = keyFunction(a.get(1, "attribute"), rt)
        var seen: [JinjaValue] = []
        var out: [JinjaValue] = []
        for item in try rt.iterate(v) {
            let k = sortKeyLowered(try key(item), caseSensitive: cs)
            if !seen.contains(where: { Operators.equal($0, k) }) {
                seen.append(k)
                out.append(item)
            }
        }
        return .list(out)
    }

    static func minMax(_ v: JinjaValue, _ a: Arguments, _ rt: Runtime, max: Bool) throws -> JinjaValue {
        try a.check(max ? "max" : "min", ["case_sensitive", "attribute"], rt)
        let cs = a.get(0, "case_sensitive")?.isTruthy ?? false
        let key = keyFunction(a.get(1, "attribute"), rt)
        let items = try rt.iterate(v)
        guard var best = items.first else { return .undefined(name: "No aggregated item, sequence was empty.") }
        var bestKey = sortKeyLowered(try key(best), caseSensitive: cs)
        for item in items.dropFirst() {
            let k = sortKeyLowered(try key(item), caseSensitive: cs)
            if max ? try Operators.lessThan(bestKey, k) : try Operators.lessThan(k, bestKey) {
                best = item
                bestKey = k
            }
        }
        return best
    }

    static let sum: FilterFunction = { v, a, rt in
        try a.check("sum", ["attribute", "start"], rt)
        var total = a.get(1, "start") ?? .int(0)
        var items = try rt.iterate(v)
        if let attr = a.get(0, "attribute") { items = try items.map(attributeGetter(attr, rt)) }
        for i in items { total = try Operators.binary(.add, total, i) }
        return total
    }

    /// A generator over `v` (nothing when `v` is falsy, as jinja2's `if value:` guard), item by item.
    static func stream(_ v: JinjaValue, _ rt: Runtime, _ step: @escaping (JinjaValue) throws -> JinjaValue?)
        -> JinjaValue
    {
        IteratorValue.make(source: { v.isTruthy ? try rt.iterate(v) : [] }, step: step)
    }

    static let map: FilterFunction = { v, a, rt in
        if a.positional.isEmpty, let attr = a.keywords.first(where: { $0.0 == "attribute" })?.1 {
            let def = a.keywords.first(where: { $0.0 == "default" })?.1
            let getter = attributeGetter(attr, rt, default: def)
            return stream(v, rt) { try getter($0) }
        }
        guard let nameValue = a.positional.first else {
            throw TemplateError(.runtime, "map requires a filter argument")
        }
        let name = PythonFormat.str(nameValue)
        let rest = Arguments(Array(a.positional.dropFirst()), a.keywords)
        return stream(v, rt) { item in
            guard let f = lookup(name) else { throw TemplateError(.runtime, "No filter named '\(name)'.") }
            return try f(item, rest, rt)
        }
    }

    static func select(_ v: JinjaValue, _ a: Arguments, _ rt: Runtime, attr: Bool, keep: Bool) throws -> JinjaValue {
        var pos = a.positional
        var getter: (JinjaValue) throws -> JinjaValue = { $0 }
        if attr {
            guard !pos.isEmpty else { throw TemplateError(.type, "Missing parameter for attribute name") }
            getter = attributeGetter(pos.removeFirst(), rt)
        }
        var test: (JinjaValue) throws -> Bool = { $0.isTruthy }
        if !pos.isEmpty {
            let name = PythonFormat.str(pos.removeFirst())
            guard let t = Tests.lookup(name) else { throw TemplateError(.runtime, "No test named '\(name)'.") }
            let rest = Arguments(pos, a.keywords)
            test = { try t($0, rest, rt) }
        }
        let pick = test
        let get = getter
        return stream(v, rt) { item -> JinjaValue? in
            // (JinjaValue is nil-literal convertible, so spell out the Optional.)
            if try pick(try get(item)) == keep { return .some(item) }
            return Optional<JinjaValue>.none
        }
    }

    static let groupby: FilterFunction = { v, a, rt in
        try a.check("groupby", ["attribute", "default", "case_sensitive"], rt)
        guard let attr = a.get(0, "attribute") else { throw TemplateError(.type, "groupby() missing 'attribute'") }
        let def = a.get(1, "default")
        let cs = a.get(2, "case_sensitive")?.isTruthy ?? false
        let getter = attributeGetter(attr, rt, default: def)
        let sorted = try sortValues(try rt.iterate(v), reverse: false, caseSensitive: cs, key: getter)
        var groups: [(JinjaValue, [JinjaValue])] = []
        for item in sorted {
            let k = sortKeyLowered(try getter(item), caseSensitive: cs)
            if let last = groups.last, Operators.equal(sortKeyLowered(last.0, caseSensitive: cs), k) {
                groups[groups.count - 1].1.append(item)
            } else {
                groups.append((try getter(item), [item]))
            }
        }
        return .list(groups.map { .object(JinjaObject(typeName: "_GroupTuple", native: GroupTuple($0.0, $0.1))) })
    }

    static let dictsort: FilterFunction = { v, a, rt in
        try a.check("dictsort", ["case_sensitive", "by", "reverse"], rt)
        guard case .dict(let d) = v else { throw TemplateError(.type, "You can only sort by either \"key\" or \"value\"") }
        let cs = a.get(0, "case_sensitive")?.isTruthy ?? false
        let by = PythonFormat.str(a.get(1, "by") ?? .string("key"))
        let reverse = a.get(2, "reverse")?.isTruthy ?? false
        let pos: Int
        switch by {
        case "key": pos = 0
        case "value": pos = 1
        default: throw TemplateError(.runtime, "You can only sort by either \"key\" or \"value\"")
        }
        let pairs: [JinjaValue] = d.items.map { .tuple([$0.key, $0.value]) }
        return .list(
            try sortValues(pairs, reverse: reverse, caseSensitive: cs) { p in
                guard case .tuple(let kv) = p else { return p }
                return kv[pos]
            })
    }

    static let batch: FilterFunction = { v, a, rt in
        try a.check("batch", ["linecount", "fill_with"], rt)
        guard let n = try Methods.int(a, 0, "linecount") else {
            throw TemplateError(.type, "do_batch() missing 1 required positional argument: 'linecount'")
        }
        let fill = a.get(1, "fill_with")
        var out: [JinjaValue] = []
        var cur: [JinjaValue] = []
        for item in try rt.iterate(v) {
            if cur.count == n {
                out.append(.list(cur))
                cur = []
            }
            cur.append(item)
        }
        if !cur.isEmpty {
            if let fill, !fill.isNone { while cur.count < n { cur.append(fill) } }
            out.append(.list(cur))
        }
        return .list(out)
    }

    static let sliceFilter: FilterFunction = { v, a, rt in
        try a.check("slice", ["slices", "fill_with"], rt)
        guard let slices = try Methods.int(a, 0, "slices"), slices > 0 else {
            throw TemplateError(.value, "slices must be positive")
        }
        try Limits.check(slices, "slice")
        let fill = a.get(1, "fill_with")
        let seq = try rt.iterate(v)
        let length = seq.count
        let perSlice = length / slices
        let withExtra = length % slices
        var offset = 0
        var out: [JinjaValue] = []
        for i in 0..<slices {
            let start = offset + i * perSlice
            if i < withExtra { offset += 1 }
            let end = offset + (i + 1) * perSlice
            var tmp = Array(seq[min(start, length)..<min(end, length)])
            if let fill, i >= withExtra { tmp.append(fill) }
            out.append(.list(tmp))
        }
        return .list(out)
    }

    static let round: FilterFunction = { v, a, rt in
        try a.check("round", ["precision", "method"], rt)
        let precision = try Methods.int(a, 0, "precision") ?? 0
        let method = PythonFormat.str(a.get(1, "method") ?? .string("common"))
        guard ["common", "ceil", "floor"].contains(method) else {
            throw TemplateError(.runtime, "method must be common, ceil or floor")
        }
        guard let n = Operators.number(v) else {
            if let e = Operators.undefinedError(v) { throw e }
            throw TemplateError(.type, "type \(PythonFormat.typeName(v)) doesn't define __round__ method")
        }
        if method == "common" {
            if case .int(let i) = n {
                if precision >= 0 { return .int(i) }
                if precision < -18 { return .int(0) }
                let p = Int(pow(10.0, Double(-precision)))
                let q = (Double(i) / Double(p)).rounded(.toNearestOrEven)
                guard abs(q) < 9.2e18 / Double(p) else { throw TemplateError(.value, "round() result too large") }
                return .int(Int(q) * p)
            }
            let d = Operators.double(n)
            if !d.isFinite { return .float(d) }
            if precision >= 0 && precision < 300 {
                return .float(Double(String(format: "%.\(precision)f", d)) ?? d)
            }
            let p = pow(10.0, Double(-precision))
            return .float((d / p).rounded(.toNearestOrEven) * p)
        }
        let d = Operators.double(n)
        let p = pow(10.0, Double(precision))
        let r = method == "ceil" ? (d * p).rounded(.up) : (d * p).rounded(.down)
        return .float(r / p)
    }

    /// Python's `int(str, base)`: optional sign, underscores between digits, surrounding whitespace.
    /// Python accepts any Unicode decimal digit in `int()`/`float()`; map them to ASCII.
    static func asciiDigits(_ s: String) -> String {
        guard !s.unicodeScalars.allSatisfy({ $0.isASCII }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if !u.isASCII, u.properties.numericType == .decimal, let v = u.properties.numericValue {
                out += String(Int(v))
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func parseInt(_ s: String, base: Int) -> Int? {
        guard base == 0 || (2...36).contains(base) else { return nil }
        var t = asciiDigits(s).trimmingCharacters(in: .whitespacesAndNewlines)
        var negative = false
        if t.hasPrefix("-") || t.hasPrefix("+") {
            negative = t.hasPrefix("-")
            t.removeFirst()
        }
        var b = base
        let lower = t.lowercased()
        if b == 16 && lower.hasPrefix("0x") || b == 8 && lower.hasPrefix("0o") || b == 2 && lower.hasPrefix("0b") {
            t = String(t.dropFirst(2))
        } else if b == 0 {
            if lower.hasPrefix("0x") {
                b = 16
                t = String(t.dropFirst(2))
            } else if lower.hasPrefix("0o") {
                b = 8
                t = String(t.dropFirst(2))
            } else if lower.hasPrefix("0b") {
                b = 2
                t = String(t.dropFirst(2))
            } else {
                b = 10
            }
        }
        if t.isEmpty || t.hasPrefix("_") || t.hasSuffix("_") || t.contains("__") { return nil }
        t = t.replacingOccurrences(of: "_", with: "")
        guard let v = Int(t, radix: b) else { return nil }
        return negative ? -v : v
    }

    static func parseFloat(_ s: String) -> Double? {
        let t = asciiDigits(s).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        switch t {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan", "+nan", "-nan": return .nan
        default: break
        }
        if t.isEmpty || t.hasPrefix("_") || t.hasSuffix("_") || t.contains("__") { return nil }
        let cleaned = t.replacingOccurrences(of: "_", with: "")
        guard cleaned.allSatisfy({ "0123456789.e+-".contains($0) }) else { return nil }
        return Double(cleaned)
    }

    static let intFilter: FilterFunction = { v, a, rt in
        try a.check("int", ["default", "base"], rt)
        let def = a.get(0, "default") ?? .int(0)
        let base = try Methods.int(a, 1, "base") ?? 10
        if let e = Operators.undefinedError(v) { throw e }
        if v.isBigInt { return v }
        switch v {
        case .int: return v
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d):
            guard d.isFinite, abs(d) < 9.2e18 else { return def }
            return .int(Int(d.rounded(.towardZero)))
        case .string(let s), .markup(let s):
            if let i = parseInt(s, base: base) { return .int(i) }
            if base == 10, let big = BigInt(asciiDigits(s).trimmingCharacters(in: .whitespacesAndNewlines)) {
                return BigIntValue.make(big)
            }
            if let d = parseFloat(s), d.isFinite, abs(d) < 9.2e18 { return .int(Int(d.rounded(.towardZero))) }
            return def
        default:
            return def
        }
    }

    static let floatFilter: FilterFunction = { v, a, rt in
        try a.check("float", ["default"], rt)
        let def = a.get(0, "default") ?? .float(0)
        if let e = Operators.undefinedError(v) { throw e }
        if let b = v.bigInt, v.isBigInt { return .float(b.doubleValue) }
        switch v {
        case .float: return v
        case .int(let i): return .float(Double(i))
        case .bool(let b): return .float(b ? 1 : 0)
        case .string(let s), .markup(let s): return parseFloat(s).map { .float($0) } ?? def
        default: return def
        }
    }

    static let formatFilter: FilterFunction = { v, a, rt in
        if !a.positional.isEmpty && !a.keywords.isEmpty {
            throw TemplateError(.runtime, "can't handle positional and keyword arguments at the same time")
        }
        let args: JinjaValue
        if !a.keywords.isEmpty {
            var d = JinjaDict()
            for (k, x) in a.keywords { d[k] = x }
            args = .dict(d)
        } else {
            args = .tuple(a.positional)
        }
        return .string(try StringFormatting.percent(soft(v), args))
    }

    static let wordwrap: FilterFunction = { v, a, rt in
        try a.check("wordwrap", ["width", "break_long_words", "wrapstring", "break_on_hyphens"], rt)
        let width = try Methods.int(a, 0, "width") ?? 79
        let breakLong = a.get(1, "break_long_words")?.isTruthy ?? true
        let wrapstring = a.get(2, "wrapstring").map { PythonFormat.str($0) } ?? "\n"
        let breakHyphens = a.get(3, "break_on_hyphens")?.isTruthy ?? true
        switch v {
        case .string, .markup: break
        default:
            if let e = Operators.undefinedError(v) { throw e }
            throw TemplateError(.type, "'\(PythonFormat.typeName(v))' object has no attribute 'splitlines'")
        }
        let s = soft(v)
        guard case .list(let lines) = try Methods.stringMethod(s, "splitlines", Arguments(), rt, markup: false) else {
            return v
        }
        let wrapped = lines.map {
            TextWrap.wrap(PythonFormat.str($0), width: width, breakLongWords: breakLong, breakOnHyphens: breakHyphens)
                .joined(separator: wrapstring)
        }
        return .string(wrapped.joined(separator: wrapstring))
    }

    static let filesizeformat: FilterFunction = { v, a, rt in
        try a.check("filesizeformat", ["binary"], rt)
        let binary = a.get(0, "binary")?.isTruthy ?? false
        let bytes: Double
        switch v {
        case .int(let i): bytes = Double(i)
        case .float(let d): bytes = d
        case .bool(let b): bytes = b ? 1 : 0
        case .string(let s), .markup(let s):
            guard let d = parseFloat(s) else { throw TemplateError(.value, "could not convert string to float: \(PythonFormat.repr(v))") }
            bytes = d
        default:
            if let e = Operators.undefinedError(v) { throw e }
            throw TemplateError(.type, "float() argument must be a string or a real number, not '\(PythonFormat.typeName(v))'")
        }
        let base: Double = binary ? 1024 : 1000
        let prefixes = binary
            ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"] : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
        if bytes == 1 { return .string("1 Byte") }
        if bytes < base {
            let n: String
            if case .float(let d) = v { n = String(Int(d)) } else { n = String(Int(bytes)) }
            return .string("\(n) Bytes")
        }
        var unit = base
        for (i, p) in prefixes.enumerated() {
            unit = pow(base, Double(i + 2))
            if bytes < unit || i == prefixes.count - 1 {
                return .string(String(format: "%.1f", base * bytes / unit) + " " + p)
            }
        }
        return .string("")
    }

    static let urlencode: FilterFunction = { v, _, _ in
        func quote(_ s: String, forQuery: Bool) -> String {
            var out = ""
            for b in s.utf8 {
                let c = Character(Unicode.Scalar(b))
                if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                    || "_.-~".contains(c) || (!forQuery && c == "/")
                {
                    out.append(c)
                } else {
                    out += "%" + PythonFormat.hex(UInt32(b), 2).uppercased()
                }
            }
            return forQuery ? out.replacingOccurrences(of: "%20", with: "+") : out
        }
        switch v {
        case .string(let s), .markup(let s): return .string(quote(s, forQuery: false))
        case .dict(let d):
            return .string(
                d.items.map { quote(PythonFormat.str($0.key), forQuery: true) + "=" + quote(PythonFormat.str($0.value), forQuery: true) }
                    .joined(separator: "&"))
        case .list(let items), .tuple(let items):
            return .string(
                try items.map { item -> String in
                    guard case .tuple(let kv) = item, kv.count == 2 else {
                        if case .list(let kv) = item, kv.count == 2 {
                            return quote(PythonFormat.str(kv[0]), forQuery: true) + "=" + quote(PythonFormat.str(kv[1]), forQuery: true)
                        }
                        throw TemplateError(.value, "too many values to unpack")
                    }
                    return quote(PythonFormat.str(kv[0]), forQuery: true) + "=" + quote(PythonFormat.str(kv[1]), forQuery: true)
                }.joined(separator: "&"))
        default:
            return .string(quote(PythonFormat.str(v), forQuery: false))
        }
    }

    /// markupsafe's `striptags`: drop comments and tags, collapse whitespace, unescape entities.
    static func striptags(_ input: String) -> String {
        var s = Array(input.utf8)
        func remove(_ open: [UInt8], _ close: [UInt8]) {
            var start = 0
            while let i = TextSearch.find(s, open, from: start) {
                guard let j = TextSearch.find(s, close, from: i + open.count) else { break }
                s.removeSubrange(i..<(j + close.count))
                start = i
            }
        }
        remove(Array("<!--".utf8), Array("-->".utf8))
        remove(Array("<".utf8), Array(">".utf8))
        let text = String(decoding: s, as: UTF8.self)
        let collapsed = (try? Methods.pySplit(text, nil, -1))?.joined(separator: " ") ?? text
        return HTMLEntities.unescape(collapsed)
    }
}

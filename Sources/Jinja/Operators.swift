import Foundation

/// Python semantics of jinja2's operators: arithmetic with int/float promotion, floor division and
/// modulo that round toward negative infinity, sequence concatenation and repetition, comparisons.
enum Operators {
    enum Number {
        case int(Int)
        case float(Double)
    }

    static func number(_ v: JinjaValue) -> Number? {
        switch v {
        case .int(let i): return .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d): return .float(d)
        default: return nil
        }
    }

    static func double(_ n: Number) -> Double {
        switch n {
        case .int(let i): return Double(i)
        case .float(let d): return d
        }
    }

    static func undefinedError(_ v: JinjaValue) -> TemplateError? {
        if case .undefined(let n) = v { return TemplateError(.undefined, PythonFormat.undefinedMessage(n)) }
        return nil
    }

    static func unsupported(_ op: BinaryOp, _ a: JinjaValue, _ b: JinjaValue) -> TemplateError {
        if let e = undefinedError(a) ?? undefinedError(b) { return e }
        return TemplateError(
            .type,
            "unsupported operand type(s) for \(op.rawValue): '\(PythonFormat.typeName(a))' and '\(PythonFormat.typeName(b))'"
        )
    }

    static func overflow() -> TemplateError {
        TemplateError(.value, "integer result too large for this engine (64-bit)")
    }

    static func binary(_ op: BinaryOp, _ a: JinjaValue, _ b: JinjaValue) throws -> JinjaValue {
        if let x = number(a), let y = number(b) {
            return try arithmetic(op, x, y)
        }
        if a.isBigInt || b.isBigInt {
            if let x = a.bigInt, let y = b.bigInt { return try bigArithmetic(op, x, y) }
            if let x = a.bigInt, case .float(let d) = b { return try arithmetic(op, .float(x.doubleValue), .float(d)) }
            if let y = b.bigInt, case .float(let d) = a { return try arithmetic(op, .float(d), .float(y.doubleValue)) }
        }
        switch (op, a, b) {
        case (.add, .markup(let x), .string(let y)): return .markup(x + Escaping.escape(y))
        case (.add, .string(let x), .markup(let y)): return .markup(Escaping.escape(x) + y)
        case (.add, .markup(let x), .markup(let y)): return .markup(x + y)
        case (.add, .string(let x), .string(let y)): return .string(x + y)
        case (.add, .list(let x), .list(let y)): return .list(x + y)
        case (.add, .tuple(let x), .tuple(let y)): return .tuple(x + y)
        case (.add, .string, _), (.add, .markup, _):
            if let e = undefinedError(b) { throw e }
            throw TemplateError(.type, "can only concatenate str (not \"\(PythonFormat.typeName(b))\") to str")
        case (.add, .list, _), (.add, .tuple, _):
            if let e = undefinedError(b) { throw e }
            throw TemplateError(
                .type,
                "can only concatenate \(PythonFormat.typeName(a)) (not \"\(PythonFormat.typeName(b))\") to \(PythonFormat.typeName(a))"
            )
        case (.mul, .string(let s), _), (.mul, .markup(let s), _):
            if let n = b.asIndex {
                _ = try Limits.product(max(n, 0), s.utf8.count, "string repetition")
                let r = n > 0 ? String(repeating: s, count: n) : ""
                if case .markup = a { return .markup(r) }
                return .string(r)
            }
        case (.mul, _, .string(let s)), (.mul, _, .markup(let s)):
            if let n = a.asIndex {
                _ = try Limits.product(max(n, 0), s.utf8.count, "string repetition")
                let r = n > 0 ? String(repeating: s, count: n) : ""
                if case .markup = b { return .markup(r) }
                return .string(r)
            }
        case (.mul, .list(let l), _):
            if let n = b.asIndex { return .list(try repeatArray(l, n)) }
        case (.mul, .tuple(let l), _):
            if let n = b.asIndex { return .tuple(try repeatArray(l, n)) }
        case (.mul, _, .list(let l)):
            if let n = a.asIndex { return .list(try repeatArray(l, n)) }
        case (.mul, _, .tuple(let l)):
            if let n = a.asIndex { return .tuple(try repeatArray(l, n)) }
        case (.mod, .string(let fmt), _):
            return .string(try StringFormatting.percent(fmt, b))
        case (.mod, .markup(let fmt), _):
            return .markup(try StringFormatting.percent(fmt, Escaping.escapeArguments(b)))
        default: break
        }
        throw unsupported(op, a, b)
    }

    static func repeatArray(_ a: [JinjaValue], _ n: Int) throws -> [JinjaValue] {
        guard n > 0 else { return [] }
        var out: [JinjaValue] = []
        out.reserveCapacity(try Limits.product(a.count, n, "list repetition"))
        for _ in 0..<n { out += a }
        return out
    }

    /// Integer arithmetic beyond 64 bits, as Python's ints do it.
    static func bigArithmetic(_ op: BinaryOp, _ a: BigInt, _ b: BigInt) throws -> JinjaValue {
        switch op {
        case .add: return BigIntValue.make(a + b)
        case .sub: return BigIntValue.make(a - b)
        case .mul: return BigIntValue.make(a * b)
        case .div:
            if b.isZero { throw TemplateError(.value, "division by zero") }
            return .float(a.doubleValue / b.doubleValue)
        case .floorDiv:
            if b.isZero { throw TemplateError(.value, "integer division or modulo by zero") }
            return BigIntValue.make(BigInt.floorDivMod(a, b).0)
        case .mod:
            if b.isZero { throw TemplateError(.value, "integer modulo by zero") }
            return BigIntValue.make(BigInt.floorDivMod(a, b).1)
        case .pow:
            if b.negative { return .float(pow(a.doubleValue, b.doubleValue)) }
            guard let e = b.asInt, e <= 100_000 else { throw overflow() }
            var result = BigInt(1)
            var base = a
            var n = e
            while n > 0 {
                if n & 1 == 1 { result = result * base }
                n >>= 1
                if n > 0 { base = base * base }
                if result.limbs.count > 4096 { throw overflow() }
            }
            return BigIntValue.make(result)
        }
    }

    static func arithmetic(_ op: BinaryOp, _ x: Number, _ y: Number) throws -> JinjaValue {
        if case .int(let a) = x, case .int(let b) = y {
            do {
                return try intArithmetic(op, a, b)
            } catch let e as TemplateError where e.message == overflow().message {
                return try bigArithmetic(op, BigInt(a), BigInt(b))
            }
        }
        return try floatArithmetic(op, double(x), double(y))
    }

    static func intArithmetic(_ op: BinaryOp, _ a: Int, _ b: Int) throws -> JinjaValue {
        do {
            switch op {
            case .add:
                let (r, o) = a.addingReportingOverflow(b)
                if o { throw overflow() }
                return .int(r)
            case .sub:
                let (r, o) = a.subtractingReportingOverflow(b)
                if o { throw overflow() }
                return .int(r)
            case .mul:
                let (r, o) = a.multipliedReportingOverflow(by: b)
                if o { throw overflow() }
                return .int(r)
            case .div:
                if b == 0 { throw TemplateError(.value, "division by zero") }
                return .float(Double(a) / Double(b))
            case .floorDiv:
                if b == 0 { throw TemplateError(.value, "integer division or modulo by zero") }
                if b == -1 && a == Int.min { throw overflow() }
                var q = a / b
                if (a % b != 0) && ((a < 0) != (b < 0)) { q -= 1 }
                return .int(q)
            case .mod:
                if b == 0 { throw TemplateError(.value, "integer modulo by zero") }
                if b == -1 { return .int(0) }
                var r = a % b
                if r != 0 && ((r < 0) != (b < 0)) { r += b }
                return .int(r)
            case .pow:
                if b < 0 { return .float(pow(Double(a), Double(b))) }
                var result = 1
                var base = a
                var e = b
                while e > 0 {
                    if e & 1 == 1 {
                        let (r, o) = result.multipliedReportingOverflow(by: base)
                        if o { throw overflow() }
                        result = r
                    }
                    e >>= 1
                    if e > 0 {
                        let (bb, o) = base.multipliedReportingOverflow(by: base)
                        if o { throw overflow() }
                        base = bb
                    }
                }
                return .int(result)
            }
        }
    }

    static func floatArithmetic(_ op: BinaryOp, _ a: Double, _ b: Double) throws -> JinjaValue {
        switch op {
        case .add: return .float(a + b)
        case .sub: return .float(a - b)
        case .mul: return .float(a * b)
        case .div:
            if b == 0 { throw TemplateError(.value, "float division by zero") }
            return .float(a / b)
        case .floorDiv:
            if b == 0 { throw TemplateError(.value, "float floor division by zero") }
            return .float(pyFloatDivmod(a, b).0)
        case .mod:
            if b == 0 { throw TemplateError(.value, "float modulo") }
            return .float(pyFloatDivmod(a, b).1)
        case .pow:
            if a == 0 && b < 0 {
                throw TemplateError(.value, "0.0 cannot be raised to a negative power")
            }
            if a < 0 && b != b.rounded() {
                throw TemplateError(.value, "complex results are not supported")
            }
            return .float(pow(a, b))
        }
    }

    /// CPython's float divmod.
    static func pyFloatDivmod(_ vx: Double, _ wx: Double) -> (Double, Double) {
        var mod = fmod(vx, wx)
        var div = (vx - mod) / wx
        if mod != 0 {
            if (wx < 0) != (mod < 0) {
                mod += wx
                div -= 1
            }
        } else {
            mod = copysign(0, wx)
        }
        var floordiv: Double
        if div != 0 {
            floordiv = div.rounded(.down)
            if div - floordiv > 0.5 { floordiv += 1 }
        } else {
            floordiv = copysign(0, vx / wx)
        }
        return (floordiv, mod)
    }

    static func negate(_ v: JinjaValue) throws -> JinjaValue {
        if let b = v.bigInt, v.isBigInt { return BigIntValue.make(-b) }
        switch v {
        case .int(let i): return i == Int.min ? BigIntValue.make(-BigInt(i)) : .int(-i)
        case .bool(let b): return .int(b ? -1 : 0)
        case .float(let d): return .float(-d)
        default:
            if let e = undefinedError(v) { throw e }
            throw TemplateError(.type, "bad operand type for unary -: '\(PythonFormat.typeName(v))'")
        }
    }

    static func positive(_ v: JinjaValue) throws -> JinjaValue {
        switch v {
        case .int, .float: return v
        case .bool(let b): return .int(b ? 1 : 0)
        default:
            if let e = undefinedError(v) { throw e }
            throw TemplateError(.type, "bad operand type for unary +: '\(PythonFormat.typeName(v))'")
        }
    }

    // MARK: comparison

    static func equal(_ a: JinjaValue, _ b: JinjaValue) -> Bool {
        if a.isBigInt || b.isBigInt {
            if let x = a.bigInt, let y = b.bigInt { return BigInt.compare(x, y) == 0 }
            if let x = a.bigInt, case .float(let d) = b { return x.doubleValue == d }
            if let y = b.bigInt, case .float(let d) = a { return y.doubleValue == d }
            return false
        }
        if let x = number(a), let y = number(b) {
            if case .int(let i) = x, case .int(let j) = y { return i == j }
            return double(x) == double(y)
        }
        switch (a, b) {
        case (.string(let x), .string(let y)), (.markup(let x), .markup(let y)), (.string(let x), .markup(let y)),
            (.markup(let x), .string(let y)):
            return x == y
        case (.none, .none): return true
        case (.undefined, .undefined): return true
        case (.list(let x), .list(let y)), (.tuple(let x), .tuple(let y)): return equalLists(x, y)
        case (.dict(let x), .dict(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in x.items {
                guard let w = y[k], equal(v, w) else { return false }
            }
            return true
        case (.object(let x), .object(let y)): return x === y
        case (.function(let x), .function(let y)): return x.name == y.name && false
        default: return false
        }
    }

    static func equalLists(_ x: [JinjaValue], _ y: [JinjaValue]) -> Bool {
        guard x.count == y.count else { return false }
        for i in 0..<x.count where !equal(x[i], y[i]) { return false }
        return true
    }

    /// Python's `<`-style ordering; throws TypeError for unorderable pairs.
    static func lessThan(_ a: JinjaValue, _ b: JinjaValue, op: String = "<") throws -> Bool {
        if a.isBigInt || b.isBigInt {
            if let x = a.bigInt, let y = b.bigInt { return BigInt.compare(x, y) < 0 }
            if let x = a.bigInt, case .float(let d) = b { return x.doubleValue < d }
            if let y = b.bigInt, case .float(let d) = a { return d < y.doubleValue }
        }
        if let x = number(a), let y = number(b) {
            if case .int(let i) = x, case .int(let j) = y { return i < j }
            return double(x) < double(y)
        }
        switch (a, b) {
        case (.string(let x), .string(let y)), (.markup(let x), .markup(let y)), (.string(let x), .markup(let y)),
            (.markup(let x), .string(let y)):
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        case (.list(let x), .list(let y)), (.tuple(let x), .tuple(let y)):
            for i in 0..<min(x.count, y.count) where !equal(x[i], y[i]) {
                return try lessThan(x[i], y[i], op: op)
            }
            return x.count < y.count
        default:
            if let e = undefinedError(a) ?? undefinedError(b) { throw e }
            throw TemplateError(
                .type,
                "'\(op)' not supported between instances of '\(PythonFormat.typeName(a))' and '\(PythonFormat.typeName(b))'"
            )
        }
    }

    static func contains(_ container: JinjaValue, _ item: JinjaValue) throws -> Bool {
        switch container {
        case .string(let s), .markup(let s):
            switch item {
            case .string(let x), .markup(let x): return TextSearch.contains(s, x)
            default:
                if let e = undefinedError(item) { throw e }
                throw TemplateError(
                    .type, "'in <string>' requires string as left operand, not \(PythonFormat.typeName(item))")
            }
        case .list(let a), .tuple(let a): return a.contains { equal($0, item) }
        case .dict(let d):
            if JinjaDict.HashKey(item) == nil {
                throw TemplateError(.type, "unhashable type: '\(PythonFormat.typeName(item))'")
            }
            return d[item] != nil
        case .undefined: return false
        case .object(let o) where o.native is IterableNative:
            return (o.native as! IterableNative).items.contains { equal($0, item) }
        case .object(let o) where o.native is IteratorValue:
            let it = o.native as! IteratorValue
            while let x = try it.next() { if equal(x, item) { return true } }
            return false
        default:
            throw TemplateError(.type, "argument of type '\(PythonFormat.typeName(container))' is not iterable")
        }
    }

    static func compare(_ op: CompareOp, _ a: JinjaValue, _ b: JinjaValue) throws -> Bool {
        switch op {
        case .eq: return equal(a, b)
        case .ne: return !equal(a, b)
        case .lt: return try lessThan(a, b, op: "<")
        case .gt: return try lessThan(b, a, op: ">")
        case .le:
            if a.isBigInt || b.isBigInt { return try equal(a, b) ? true : lessThan(a, b, op: "<=") }
            if let x = number(a), let y = number(b) { return double(x) <= double(y) || isIntEqual(x, y) }
            return try equalOrder(a, b, "<=") ? true : try lessThan(a, b, op: "<=")
        case .ge:
            if a.isBigInt || b.isBigInt { return try equal(a, b) ? true : lessThan(b, a, op: ">=") }
            if let x = number(a), let y = number(b) { return double(x) >= double(y) || isIntEqual(x, y) }
            return try equalOrder(a, b, ">=") ? true : try lessThan(b, a, op: ">=")
        case .in: return try contains(b, a)
        case .notIn: return !(try contains(b, a))
        }
    }

    private static func isIntEqual(_ x: Number, _ y: Number) -> Bool {
        if case .int(let i) = x, case .int(let j) = y { return i == j }
        return false
    }

    private static func equalOrder(_ a: JinjaValue, _ b: JinjaValue, _ op: String) throws -> Bool {
        switch (a, b) {
        case (.string, .string), (.markup, .markup), (.string, .markup), (.markup, .string), (.list, .list),
            (.tuple, .tuple):
            return equal(a, b)
        default:
            _ = try lessThan(a, b, op: op)
            return false
        }
    }

    // MARK: slicing

    /// `constantBase`: jinja2 folds a slice of a literal at compile time, where a failure becomes Undefined;
    /// slicing a variable compiles to a plain Python subscript, where it raises TypeError.
    static func slice(
        _ v: JinjaValue, _ start: JinjaValue?, _ stop: JinjaValue?, _ step: JinjaValue?, constantBase: Bool = false
    ) throws -> JinjaValue {
        func idx(_ x: JinjaValue?) throws -> Int? {
            guard let x else { return nil }
            if case .none = x { return nil }
            if let i = x.asIndex { return i }
            if let e = undefinedError(x) { throw e }
            throw TemplateError(
                .type, "slice indices must be integers or None or have an __index__ method")
        }
        let st = try idx(step) ?? 1
        if st == 0 { throw TemplateError(.value, "slice step cannot be zero") }
        let a = try idx(start)
        let b = try idx(stop)
        func indices(_ n: Int) -> [Int] {
            var lo: Int
            var hi: Int
            if st > 0 {
                lo = a.map { $0 < 0 ? max(0, $0 + n) : min($0, n) } ?? 0
                hi = b.map { $0 < 0 ? max(0, $0 + n) : min($0, n) } ?? n
                return lo < hi ? Array(stride(from: lo, to: hi, by: st)) : []
            } else {
                lo = a.map { $0 < 0 ? max(-1, $0 + n) : min($0, n - 1) } ?? (n - 1)
                hi = b.map { $0 < 0 ? max(-1, $0 + n) : min($0, n - 1) } ?? -1
                return lo > hi ? Array(stride(from: lo, to: hi, by: st)) : []
            }
        }
        switch v {
        case .list(let arr): return .list(indices(arr.count).map { arr[$0] })
        case .tuple(let arr): return .tuple(indices(arr.count).map { arr[$0] })
        case .string(let s), .markup(let s):
            let scalars = Array(s.unicodeScalars)
            var out = String.UnicodeScalarView()
            for i in indices(scalars.count) { out.append(scalars[i]) }
            if case .markup = v { return .markup(String(out)) }
            return .string(String(out))
        case .undefined(let n):
            throw TemplateError(.undefined, PythonFormat.undefinedMessage(n))
        case .object(let o) where o.native is IterableNative:
            let arr = (o.native as! IterableNative).items
            return .list(indices(arr.count).map { arr[$0] })
        default:
            if !constantBase {
                throw TemplateError(.type, "'\(PythonFormat.typeName(v))' object is not subscriptable")
            }
            func show(_ x: JinjaValue?) -> String { x.map { PythonFormat.repr($0) } ?? "None" }
            return .undefined(
                name: "\(PythonFormat.objectTypeRepr(v)) has no element slice(\(show(start)), \(show(stop)), \(show(step)))")
        }
    }
}

import Foundation

typealias TestFunction = @Sendable (JinjaValue, Arguments, Runtime) throws -> Bool

/// jinja2's builtin tests (`x is defined`, `n is divisibleby 3`), by name. Looked up once at parse time.
enum Tests {
    static func lookup(_ name: String) -> TestFunction? { table[name] }

    static func arg(_ a: Arguments, _ name: String = "other") throws -> JinjaValue {
        guard let v = a.get(0, name) else { throw TemplateError(.type, "test missing required argument '\(name)'") }
        return v
    }

    static let table: [String: TestFunction] = [
        "defined": { v, _, _ in !v.isUndefined },
        "undefined": { v, _, _ in v.isUndefined },
        "none": { v, _, _ in if case .none = v { return true }; return false },
        "boolean": { v, _, _ in if case .bool = v { return true }; return false },
        "true": { v, _, _ in if case .bool(true) = v { return true }; return false },
        "false": { v, _, _ in if case .bool(false) = v { return true }; return false },
        "integer": { v, _, _ in if case .int = v { return true }; return v.isBigInt },
        "float": { v, _, _ in if case .float = v { return true }; return false },
        "number": { v, _, _ in
            switch v {
            case .int, .float, .bool: return true
            default: return v.isBigInt
            }
        },
        "string": { v, _, _ in
            switch v {
            case .string, .markup: return true
            default: return false
            }
        },
        "mapping": { v, _, _ in if case .dict = v { return true }; return false },
        "iterable": { v, _, _ in
            switch v {
            case .string, .markup, .list, .tuple, .dict, .undefined: return true
            case .object(let o): return o.native is IterableNative || o.native is IteratorValue
            default: return false
            }
        },
        "sequence": { v, _, _ in
            switch v {
            case .string, .markup, .list, .tuple, .dict, .undefined: return true
            case .object(let o): return o.native is IterableNative
            default: return false
            }
        },
        "callable": { v, _, _ in
            switch v {
            case .function: return true
            case .object(let o): return o.native is CallableNative
            default: return false
            }
        },
        "even": { v, _, _ in Operators.equal(try Operators.binary(.mod, v, .int(2)), .int(0)) },
        "odd": { v, _, _ in Operators.equal(try Operators.binary(.mod, v, .int(2)), .int(1)) },
        "divisibleby": { v, a, _ in
            let d = try arg(a, "num")
            let r = try Operators.binary(.mod, v, d)
            return Operators.equal(r, .int(0))
        },
        "eq": eq, "equalto": eq, "==": eq,
        "ne": { v, a, _ in !Operators.equal(v, try arg(a)) }, "!=": { v, a, _ in !Operators.equal(v, try arg(a)) },
        "lt": lt, "lessthan": lt, "<": lt,
        "le": { v, a, _ in try Operators.compare(.le, v, try arg(a)) },
        "<=": { v, a, _ in try Operators.compare(.le, v, try arg(a)) },
        "gt": gt, "greaterthan": gt, ">": gt,
        "ge": { v, a, _ in try Operators.compare(.ge, v, try arg(a)) },
        ">=": { v, a, _ in try Operators.compare(.ge, v, try arg(a)) },
        "in": { v, a, _ in try Operators.contains(try arg(a, "seq"), v) },
        "lower": { v, _, _ in Methods.isLower(PythonFormat.str(v)) },
        "upper": { v, _, _ in Methods.isUpper(PythonFormat.str(v)) },
        "sameas": { v, a, _ in
            let o = try arg(a)
            switch (v, o) {
            case (.none, .none), (.undefined, .undefined): return true
            case (.bool(let x), .bool(let y)): return x == y
            case (.int(let x), .int(let y)): return x == y && x >= -5 && x <= 256
            case (.object(let x), .object(let y)): return x === y
            default: return false
            }
        },
        "escaped": { v, _, _ in if case .markup = v { return true }; return false },
        "filter": { v, _, _ in
            guard case .string(let s) = v else { return false }
            return Filters.lookup(s) != nil
        },
        "test": { v, _, _ in
            guard case .string(let s) = v else { return false }
            return Tests.lookup(s) != nil
        },
    ]

    static let eq: TestFunction = { v, a, _ in Operators.equal(v, try arg(a)) }
    static let lt: TestFunction = { v, a, _ in try Operators.lessThan(v, try arg(a)) }
    static let gt: TestFunction = { v, a, _ in try Operators.lessThan(try arg(a), v, op: ">") }
}

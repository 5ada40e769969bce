import Foundation

/// A value as a Jinja template sees it: the Python values jinja2 renders, plus `Undefined`.
/// Dictionaries keep insertion order, as Python's do; `tuple` prints with parentheses.
public enum JinjaValue: Sendable {
    /// jinja2's default `Undefined`: prints as "", is falsy, iterates as empty; most other uses raise.
    /// `name` is the missing variable or attribute, for error messages (`'x' is undefined`).
    case undefined(name: String)
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// A `markupsafe.Markup` (from `|safe`, `|escape`, `|tojson`): concatenation with a plain string escapes the string.
    case markup(String)
    case list([JinjaValue])
    case tuple([JinjaValue])
    case dict(JinjaDict)
    /// Something callable from a template: a macro, a builtin (`range`, `dict`, `namespace`, `cycler`), a bound method.
    case function(JinjaFunction)
    /// A mutable object with attributes: `namespace(...)`, the `loop` object, `cycler`, `joiner`.
    case object(JinjaObject)
}

/// An insertion-ordered dictionary with `JinjaValue` keys (strings, numbers, booleans, None, tuples).
public struct JinjaDict: Sendable {
    public private(set) var keys: [JinjaValue] = []
    public private(set) var values: [JinjaValue] = []
    private var index: [HashKey: Int] = [:]

    public init() {}

    public init(_ pairs: [(String, JinjaValue)]) {
        for (k, v) in pairs { self[.string(k)] = v }
    }

    public init(pairs: [(JinjaValue, JinjaValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// Key/value pairs in insertion order.
    public var items: [(key: JinjaValue, value: JinjaValue)] {
        Array(zip(keys, values)).map { (key: $0.0, value: $0.1) }
    }

    public subscript(key: JinjaValue) -> JinjaValue? {
        get {
            if case .string(let s) = key { return self[s] }
            guard let hk = HashKey(key), let i = index[hk] else { return nil }
            return values[i]
        }
        set {
            guard let hk = HashKey(key) else { return }
            if let newValue {
                if let i = index[hk] {
                    values[i] = newValue
                } else {
                    index[hk] = keys.count
                    keys.append(key)
                    values.append(newValue)
                }
            } else if let i = index[hk] {
                keys.remove(at: i)
                values.remove(at: i)
                index = [:]
                for (j, k) in keys.enumerated() { if let h = HashKey(k) { index[h] = j } }
            }
        }
    }

    public subscript(key: String) -> JinjaValue? {
        get {
            // Small dicts (the usual message or record): a scan beats hashing.
            if keys.count <= 8 {
                for i in 0..<keys.count {
                    switch keys[i] {
                    case .string(let k), .markup(let k): if k == key { return values[i] }
                    default: continue
                    }
                }
                return nil
            }
            guard let i = index[.string(key)] else { return nil }
            return values[i]
        }
        set { self[.string(key)] = newValue }
    }

    /// Python hashing rules: `1 == 1.0 == True` are one key; unhashable values (lists, dicts) are not keys.
    enum HashKey: Hashable {
        case none
        case number(Double)
        case string(String)
        case tuple([HashKey])

        init?(_ v: JinjaValue) {
            switch v {
            case .none: self = .none
            case .bool(let b): self = .number(b ? 1 : 0)
            case .int(let i): self = .number(Double(i))
            case .float(let d): self = .number(d)
            case .string(let s), .markup(let s): self = .string(s)
            case .tuple(let items):
                var hs: [HashKey] = []
                for item in items {
                    guard let h = HashKey(item) else { return nil }
                    hs.append(h)
                }
                self = .tuple(hs)
            default: return nil
            }
        }
    }
}

/// A callable value. `call` receives positional and keyword arguments in call order.
public struct JinjaFunction: Sendable {
    public let name: String
    public let call: @Sendable (_ args: [JinjaValue], _ kwargs: [(String, JinjaValue)]) throws -> JinjaValue
    /// Set for template macros: their `name`, `arguments`, `catch_kwargs`, ... attributes.
    var macro: MacroDefinition? = nil

    public init(
        name: String,
        call: @escaping @Sendable (_ args: [JinjaValue], _ kwargs: [(String, JinjaValue)]) throws -> JinjaValue
    ) {
        self.name = name
        self.call = call
    }
}

/// A reference-typed attribute bag (`namespace()`, `loop`, `cycler`): templates may assign to its attributes.
public final class JinjaObject: @unchecked Sendable {
    /// The Python class name shown in `repr` (`Namespace`, `LoopContext`, `Cycler`).
    public let typeName: String
    private let lock = NSLock()
    private var storage: [String: JinjaValue]
    private var order: [String]

    /// Native behaviour (`loop`, `cycler`), when this is not a plain attribute bag.
    let native: (any NativeObject)?

    public init(typeName: String, attributes: [(String, JinjaValue)] = []) {
        self.typeName = typeName
        self.storage = [:]
        self.order = []
        self.native = nil
        for (k, v) in attributes { self[k] = v }
    }

    init(typeName: String, native: any NativeObject) {
        self.typeName = typeName
        self.storage = [:]
        self.order = []
        self.native = native
    }

    public subscript(name: String) -> JinjaValue? {
        get { lock.withLock { storage[name] } }
        set {
            lock.withLock {
                if storage[name] == nil, newValue != nil { order.append(name) }
                storage[name] = newValue
                if newValue == nil { order.removeAll { $0 == name } }
            }
        }
    }

    public var attributeNames: [String] { lock.withLock { order } }
}

extension JinjaValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JinjaValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, JinjaValue)...) { self = .dict(JinjaDict(elements)) }
    public init(nilLiteral: ()) { self = .none }
}

extension JinjaValue {
    /// Python truthiness; `Undefined` is false.
    public var isTruthy: Bool {
        switch self {
        case .undefined, .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .string(let s), .markup(let s): return !s.isEmpty
        case .list(let a), .tuple(let a): return !a.isEmpty
        case .dict(let d): return !d.isEmpty
        case .function, .object: return true
        }
    }

    public var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }
}

/// Behaviour behind a `JinjaObject` that is not a plain attribute bag (`loop`, `cycler`).
protocol NativeObject: AnyObject, Sendable {
    func attribute(_ name: String) -> JinjaValue?
    /// Python's `repr`.
    var pythonRepr: String { get }
}


extension JinjaValue {
    var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}

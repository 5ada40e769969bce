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
/// Copies share one storage object until one of them is mutated (copy on write), so passing
/// a dict around costs one reference count, and small dicts are searched without hashing.
public struct JinjaDict: Sendable {
    final class Storage: @unchecked Sendable {
        @exclusivity(unchecked) var keys: [JinjaValue]
        @exclusivity(unchecked) var values: [JinjaValue]
        /// Built once the dict outgrows a linear scan.
        @exclusivity(unchecked) var index: [HashKey: Int]?

        init(keys: [JinjaValue] = [], values: [JinjaValue] = [], index: [HashKey: Int]? = nil) {
            self.keys = keys
            self.values = values
            self.index = index
        }

        func copy() -> Storage { Storage(keys: keys, values: values, index: index) }

        static let linearLimit = 8

        func find(_ key: JinjaValue) -> Int? {
            if let index {
                guard let hk = HashKey(key) else { return nil }
                return index[hk]
            }
            if case .string(let s) = key { return find(string: s) }
            guard let hk = HashKey(key) else { return nil }
            for i in 0..<keys.count where HashKey(keys[i]) == hk { return i }
            return nil
        }

        @inline(__always)
        func find(string key: String) -> Int? {
            if index != nil { return index![.string(key)] }
            return keys.withUnsafeBufferPointer { kb in
                for i in 0..<kb.count {
                    switch kb[i] {
                    case .string(let k), .markup(let k): if k == key { return i }
                    default: continue
                    }
                }
                return nil
            }
        }

        func rebuildIndex() {
            guard keys.count > Storage.linearLimit else {
                index = nil
                return
            }
            var idx: [HashKey: Int] = [:]
            idx.reserveCapacity(keys.count)
            for (j, k) in keys.enumerated() { if let h = HashKey(k) { idx[h] = j } }
            index = idx
        }
    }

    private var storage = Storage()

    public var keys: [JinjaValue] { storage.keys }
    public var values: [JinjaValue] { storage.values }

    public init() {}

    public init(_ pairs: [(String, JinjaValue)]) {
        for (k, v) in pairs { self[.string(k)] = v }
    }

    public init(pairs: [(JinjaValue, JinjaValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public var count: Int { storage.keys.count }
    public var isEmpty: Bool { storage.keys.isEmpty }

    /// Key/value pairs in insertion order.
    public var items: [(key: JinjaValue, value: JinjaValue)] {
        let s = storage
        var out: [(key: JinjaValue, value: JinjaValue)] = []
        out.reserveCapacity(s.keys.count)
        for i in 0..<s.keys.count { out.append((key: s.keys[i], value: s.values[i])) }
        return out
    }

    private mutating func uniqueStorage() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public subscript(key: JinjaValue) -> JinjaValue? {
        get {
            guard let i = storage.find(key) else { return nil }
            return storage.values[i]
        }
        set {
            guard let hk = HashKey(key) else { return }
            let s = uniqueStorage()
            if let newValue {
                if let i = s.find(key) {
                    s.values[i] = newValue
                } else {
                    s.keys.append(key)
                    s.values.append(newValue)
                    if s.index != nil {
                        s.index![hk] = s.keys.count - 1
                    } else if s.keys.count > Storage.linearLimit {
                        s.rebuildIndex()
                    }
                }
            } else if let i = s.find(key) {
                s.keys.remove(at: i)
                s.values.remove(at: i)
                if s.index != nil { s.rebuildIndex() }
            }
        }
    }

    /// The string-keyed entries as a render context (`Template.render`); other keys cannot name variables.
    public var templateContext: [String: JinjaValue] {
        var context: [String: JinjaValue] = [:]
        for (key, value) in zip(keys, values) {
            if case .string(let name) = key { context[name] = value }
        }
        return context
    }

    public subscript(key: String) -> JinjaValue? {
        @inline(__always) get {
            guard let i = storage.find(string: key) else { return nil }
            return storage.values[i]
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
    /// One reference, so a `JinjaValue` stays two words wide and cheap to copy.
    final class Box: Sendable {
        let name: String
        let call: @Sendable (_ args: [JinjaValue], _ kwargs: [(String, JinjaValue)]) throws -> JinjaValue
        let macro: MacroDefinition?
        init(
            name: String, call: @escaping @Sendable ([JinjaValue], [(String, JinjaValue)]) throws -> JinjaValue,
            macro: MacroDefinition?
        ) {
            self.name = name
            self.call = call
            self.macro = macro
        }
    }

    let box: Box
    public var name: String { box.name }
    public var call: @Sendable (_ args: [JinjaValue], _ kwargs: [(String, JinjaValue)]) throws -> JinjaValue {
        box.call
    }
    /// Set for template macros: their `name`, `arguments`, `catch_kwargs`, ... attributes.
    var macro: MacroDefinition? { box.macro }

    public init(
        name: String,
        call: @escaping @Sendable (_ args: [JinjaValue], _ kwargs: [(String, JinjaValue)]) throws -> JinjaValue
    ) {
        box = Box(name: name, call: call, macro: nil)
    }

    init(
        name: String, macro: MacroDefinition,
        call: @escaping @Sendable (_ args: [JinjaValue], _ kwargs: [(String, JinjaValue)]) throws -> JinjaValue
    ) {
        box = Box(name: name, call: call, macro: macro)
    }
}

/// A reference-typed attribute bag (`namespace()`, `loop`, `cycler`): templates may assign to its attributes.
public final class JinjaObject: @unchecked Sendable {
    /// The Python class name shown in `repr` (`Namespace`, `LoopContext`, `Cycler`).
    public let typeName: String
    /// Guards the attribute bag; objects backed by `native` (a loop, a cycler) keep no attributes and need none.
    private let lock: NSLock?
    private var storage: [String: JinjaValue]
    private var order: [String]

    /// Native behaviour (`loop`, `cycler`), when this is not a plain attribute bag.
    let native: (any NativeObject)?

    public init(typeName: String, attributes: [(String, JinjaValue)] = []) {
        self.typeName = typeName
        self.storage = [:]
        self.order = []
        self.native = nil
        self.lock = NSLock()
        for (k, v) in attributes { self[k] = v }
    }

    init(typeName: String, native: any NativeObject) {
        self.typeName = typeName
        self.storage = [:]
        self.order = []
        self.native = native
        self.lock = nil
    }

    public subscript(name: String) -> JinjaValue? {
        get { withLock { storage[name] } }
        set {
            withLock {
                if storage[name] == nil, newValue != nil { order.append(name) }
                storage[name] = newValue
                if newValue == nil { order.removeAll { $0 == name } }
            }
        }
    }

    public var attributeNames: [String] { withLock { order } }

    private func withLock<R>(_ body: () -> R) -> R {
        guard let lock else { return body() }
        return lock.withLock(body)
    }
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
        case .function: return true
        case .object(let o):
            // Sized objects (range, dict views) are false when empty; iterators are always true.
            if let r = o.native as? RangeValue { return !r.items.isEmpty }
            if let d = o.native as? DictView { return !d.items.isEmpty }
            return true
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

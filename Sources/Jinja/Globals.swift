import Foundation

/// Objects that can be iterated (none today besides values; kept for `cycler`-like natives).
protocol IterableNative: NativeObject {
    var items: [JinjaValue] { get }
}

/// Objects that can be called (`joiner`).
protocol CallableNative: NativeObject {
    func call(_ args: Arguments, _ rt: Runtime) throws -> JinjaValue
}

/// Python's `range` object: iterates like a list, prints as `range(0, 3)`.
final class RangeValue: IterableNative, @unchecked Sendable {
    let start: Int
    let stop: Int
    let step: Int
    let items: [JinjaValue]

    init(start: Int, stop: Int, step: Int, count: Int) {
        self.start = start
        self.stop = stop
        self.step = step
        var out: [JinjaValue] = []
        out.reserveCapacity(count)
        var v = start
        for _ in 0..<count {
            out.append(.int(v))
            v &+= step
        }
        items = out
    }

    var pythonRepr: String { step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))" }
    func attribute(_ name: String) -> JinjaValue? {
        switch name {
        case "start": return .int(start)
        case "stop": return .int(stop)
        case "step": return .int(step)
        default: return nil
        }
    }
}

/// The `loop` variable of a `for` block. One per loop, advanced in place, as jinja2's `LoopContext`.
final class LoopState: CallableNative, @unchecked Sendable {
    let items: [JinjaValue]
    let depth0: Int
    @exclusivity(unchecked) var index0 = 0
    /// For `recursive` loops: renders the loop body over another iterable, one level deeper.
    var recurse: ((JinjaValue) throws -> String)? = nil

    func call(_ args: Arguments, _ rt: Runtime) throws -> JinjaValue {
        guard let recurse else {
            throw TemplateError(
                .type, "Tried to call non recursive loop.  Maybe you forgot the 'recursive' modifier.")
        }
        guard args.positional.count == 1 else { throw TemplateError(.type, "loop() takes exactly one argument") }
        return .string(try recurse(args.positional[0]))
    }
    private var lastChanged: [JinjaValue]? = nil

    init(items: [JinjaValue], depth0: Int) {
        self.items = items
        self.depth0 = depth0
    }

    var pythonRepr: String { "<LoopContext \(index0 + 1)/\(items.count)>" }

    func attribute(_ name: String) -> JinjaValue? {
        let n = items.count
        switch name {
        case "index": return .int(index0 + 1)
        case "index0": return .int(index0)
        case "revindex": return .int(n - index0)
        case "revindex0": return .int(n - index0 - 1)
        case "first": return .bool(index0 == 0)
        case "last": return .bool(index0 == n - 1)
        case "length": return .int(n)
        case "depth": return .int(depth0 + 1)
        case "depth0": return .int(depth0)
        case "previtem": return index0 > 0 ? items[index0 - 1] : .undefined(name: "there is no previous item")
        case "nextitem": return index0 + 1 < n ? items[index0 + 1] : .undefined(name: "there is no next item")
        case "cycle":
            return .function(
                JinjaFunction(name: "cycle") { [self] args, _ in
                    guard !args.isEmpty else {
                        throw TemplateError(.type, "no items for cycling given")
                    }
                    return args[self.index0 % args.count]
                })
        case "changed":
            return .function(
                JinjaFunction(name: "changed") { [self] args, _ in
                    if let last = self.lastChanged, Operators.equalLists(last, args) { return .bool(false) }
                    self.lastChanged = args
                    return .bool(true)
                })
        default: return nil
        }
    }
}

/// `cycler(a, b, ...)`: `next()`, `current`, `reset()`.
final class CyclerState: NativeObject, @unchecked Sendable {
    let items: [JinjaValue]
    var position = 0
    init(items: [JinjaValue]) { self.items = items }
    var pythonRepr: String { "<jinja2.utils.Cycler object>" }

    func attribute(_ name: String) -> JinjaValue? {
        switch name {
        case "current": return items[position]
        case "next":
            return .function(
                JinjaFunction(name: "next") { [self] _, _ in
                    let v = self.items[self.position]
                    self.position = (self.position + 1) % self.items.count
                    return v
                })
        case "reset":
            return .function(
                JinjaFunction(name: "reset") { [self] _, _ in
                    self.position = 0
                    return .none
                })
        case "items": return .list(items)
        default: return nil
        }
    }
}

/// `joiner(sep)`: returns "" the first time it is called, then `sep`.
final class JoinerState: CallableNative, @unchecked Sendable {
    let separator: String
    var used = false
    init(separator: String) { self.separator = separator }
    var pythonRepr: String { "<jinja2.utils.Joiner object>" }
    func attribute(_ name: String) -> JinjaValue? { nil }
    func call(_ args: Arguments, _ rt: Runtime) throws -> JinjaValue {
        if !used {
            used = true
            return .string("")
        }
        return .string(separator)
    }
}

/// The template globals of jinja2's default environment: range, dict, namespace, cycler, joiner.
enum Globals {
    static let maxRange = 100_000

    static func lookup(_ name: String) -> JinjaValue? {
        switch name {
        case "range": return range
        case "dict": return dict
        case "namespace": return namespace
        case "cycler": return cycler
        case "joiner": return joiner
        case "lipsum":
            return .function(
                JinjaFunction(name: "lipsum") { _, _ in
                    throw TemplateError(.unsupported, "lipsum() is not supported (its output is random)")
                })
        default: return nil
        }
    }

    static let range = JinjaValue.function(
        JinjaFunction(name: "range") { args, kwargs in
            if !kwargs.isEmpty { throw TemplateError(.type, "range() takes no keyword arguments") }
            var ints: [Int] = []
            for a in args {
                switch a {
                case .int(let i): ints.append(i)
                case .bool(let b): ints.append(b ? 1 : 0)
                default:
                    throw TemplateError(
                        .type, "'\(PythonFormat.typeName(a))' object cannot be interpreted as an integer")
                }
            }
            var start = 0
            var stop = 0
            var step = 1
            switch ints.count {
            case 1: stop = ints[0]
            case 2:
                start = ints[0]
                stop = ints[1]
            case 3:
                start = ints[0]
                stop = ints[1]
                step = ints[2]
            case 0: throw TemplateError(.type, "range expected at least 1 argument, got 0")
            default: throw TemplateError(.type, "range expected at most 3 arguments, got \(ints.count)")
            }
            if step == 0 { throw TemplateError(.value, "range() arg 3 must not be zero") }
            // Counted in Double first: the span of two Ints can overflow an Int.
            var span = 0.0
            if step > 0 && start < stop { span = (Double(stop) - Double(start)) / Double(step) }
            if step < 0 && start > stop { span = (Double(start) - Double(stop)) / -Double(step) }
            if span > Double(maxRange) + 1 {
                throw TemplateError(
                    .runtime, "Range too big. The sandbox blocks ranges larger than MAX_RANGE (\(maxRange)).")
            }
            // The span of two Ints fits a UInt (never an Int): count without overflowing.
            var count = 0
            if step > 0 && start < stop {
                let span = UInt(bitPattern: stop &- start)
                let s = UInt(step)
                count = Int(span / s + (span % s == 0 ? 0 : 1))
            }
            if step < 0 && start > stop {
                let span = UInt(bitPattern: start &- stop)
                let s = step.magnitude
                count = Int(span / s + (span % s == 0 ? 0 : 1))
            }
            if count > maxRange {
                throw TemplateError(
                    .runtime, "Range too big. The sandbox blocks ranges larger than MAX_RANGE (\(maxRange)).")
            }
            return .object(JinjaObject(typeName: "range", native: RangeValue(start: start, stop: stop, step: step, count: count)))
        })

    static let dict = JinjaValue.function(
        JinjaFunction(name: "dict") { args, kwargs in
            var d = JinjaDict()
            if args.count > 1 { throw TemplateError(.type, "dict expected at most 1 argument, got \(args.count)") }
            if let first = args.first {
                switch first {
                case .dict(let src): d = src
                case .list, .tuple, .object:
                    let pairs: [JinjaValue]
                    switch first {
                    case .list(let a), .tuple(let a): pairs = a
                    case .object(let o) where o.native is IterableNative: pairs = (o.native as! IterableNative).items
                    case .object(let o) where o.native is IteratorValue: pairs = try (o.native as! IteratorValue).remaining()
                    default: throw TemplateError(.type, "'\(PythonFormat.typeName(first))' object is not iterable")
                    }
                    for p in pairs {
                        switch p {
                        case .list(let kv) where kv.count == 2, .tuple(let kv) where kv.count == 2:
                            d[kv[0]] = kv[1]
                        default:
                            throw TemplateError(.type, "cannot convert dictionary update sequence element")
                        }
                    }
                default:
                    throw TemplateError(.type, "'\(PythonFormat.typeName(first))' object is not iterable")
                }
            }
            for (k, v) in kwargs { d[k] = v }
            return .dict(d)
        })

    static let namespace = JinjaValue.function(
        JinjaFunction(name: "namespace") { args, kwargs in
            let ns = JinjaObject(typeName: "Namespace")
            for a in args {
                guard case .dict(let d) = a else {
                    throw TemplateError(.type, "'\(PythonFormat.typeName(a))' object is not iterable")
                }
                for (k, v) in d.items { ns[PythonFormat.str(k)] = v }
            }
            for (k, v) in kwargs { ns[k] = v }
            return .object(ns)
        })

    static let cycler = JinjaValue.function(
        JinjaFunction(name: "cycler") { args, _ in
            if args.isEmpty { throw TemplateError(.runtime, "at least one item has to be provided") }
            return .object(JinjaObject(typeName: "Cycler", native: CyclerState(items: args)))
        })

    static let joiner = JinjaValue.function(
        JinjaFunction(name: "joiner") { args, kwargs in
            var sep = ", "
            if let a = args.first {
                sep = PythonFormat.str(a)
            } else if let k = kwargs.first(where: { $0.0 == "sep" }) {
                sep = PythonFormat.str(k.1)
            }
            return .object(JinjaObject(typeName: "Joiner", native: JoinerState(separator: sep)))
        })
}

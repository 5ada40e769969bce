import FlowSpec
import Jinja
import LLM

extension FlowValue {
    /// The value as a Jinja template sees it (objects become ordered dicts, doubles floats).
    var jinjaValue: JinjaValue {
        switch self {
        case .null: return .none
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .double(let number): return .float(number)
        case .string(let text): return .string(text)
        case .list(let items): return .list(items.map(\.jinjaValue))
        case .object(let object): return .dict(JinjaDict(object.map { ($0.key, $0.value.jinjaValue) }))
        }
    }

    /// The value in the LLM module's JSON model (key order is not kept there).
    var jsonValue: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .double(let number): return .double(number)
        case .string(let text): return .string(text)
        case .list(let items): return .array(items.map(\.jsonValue))
        case .object(let object):
            var members: [String: JSONValue] = [:]
            for (key, item) in object { members[key] = item.jsonValue }
            return .object(members)
        }
    }

    /// A value from the LLM module's JSON model; object keys come out sorted, for a stable order.
    init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .list(items.map(FlowValue.init))
        case .object(let members):
            self = .object(FlowObject(members.keys.sorted().map { ($0, FlowValue(members[$0]!)) }))
        }
    }

    /// Every string inside the value: the value itself, list items and object values (never keys).
    var stringLeaves: [String] {
        switch self {
        case .string(let text): return [text]
        case .list(let items): return items.flatMap(\.stringLeaves)
        case .object(let object): return object.values.flatMap(\.stringLeaves)
        default: return []
        }
    }

    /// The value with `transform` applied to every string inside it (object keys untouched).
    func mappingStrings(_ transform: (String) -> String) -> FlowValue {
        switch self {
        case .string(let text): return .string(transform(text))
        case .list(let items): return .list(items.map { $0.mappingStrings(transform) })
        case .object(let object): return .object(FlowObject(object.map { ($0.key, $0.value.mappingStrings(transform)) }))
        default: return self
        }
    }

    /// Python's `==` between JSON-like values: numbers and booleans compare by value (`1 == 1.0 == True`),
    /// a string never equals a number or a bool.
    func pythonEquals(_ other: FlowValue) -> Bool {
        switch (self, other) {
        case (.int, _), (.double, _), (.bool, _):
            guard let left = numericValue, let right = other.numericValue else { return false }
            return left == right
        case (.list(let left), .list(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.pythonEquals($1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count
                && left.allSatisfy { entry in right[entry.key].map { entry.value.pythonEquals($0) } ?? false }
        default:
            return self == other
        }
    }

    private var numericValue: Double? {
        switch self {
        case .int(let number): return Double(number)
        case .double(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        default: return nil
        }
    }
}

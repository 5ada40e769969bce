import Foundation

/// The declared type of a flow input, output or init parameter, as promptflow spells it.
/// `double` is a JSON number, `object` a JSON object (or a string that is kept when it is not JSON).
public enum ValueType: String, Sendable, Equatable, CaseIterable {
    case int
    case double
    case bool
    case string
    case list
    case object
    case image

    /// The type a value has when no type is declared (prompty inputs may give only a default).
    public static func inferred(from value: FlowValue) -> ValueType {
        switch value {
        case .int: .int
        case .double: .double
        case .bool: .bool
        case .list: .list
        case .object: .object
        case .null, .string: .string
        }
    }

    /// Whether `value` (a YAML default or literal) is acceptable for this type, with promptflow's parsing rules.
    public func accepts(_ value: FlowValue) -> Bool {
        switch (self, value) {
        case (_, .null): return true
        case (.int, .int): return true
        case (.int, .string(let text)): return Int(text.trimmingWhitespace) != nil
        case (.double, .int), (.double, .double): return true
        case (.double, .string(let text)): return Double(text.trimmingWhitespace) != nil
        case (.bool, .bool): return true
        case (.bool, .string(let text)): return ["true", "false"].contains(text.lowercased())
        case (.string, .string), (.string, .int), (.string, .double), (.string, .bool): return true
        case (.list, .list): return true
        case (.list, .string(let text)): return text.looksLikeJSONList
        case (.object, .object), (.object, .string), (.object, .list): return true
        case (.image, .string), (.image, .object): return true
        default: return false
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// A cheap check that the text is a JSON array (promptflow decodes list inputs given as JSON strings).
    var looksLikeJSONList: Bool {
        let trimmed = trimmingWhitespace
        guard trimmed.hasPrefix("["), trimmed.hasSuffix("]"), let data = trimmed.data(using: .utf8) else {
            return false
        }
        return (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) is [Any]
    }
}

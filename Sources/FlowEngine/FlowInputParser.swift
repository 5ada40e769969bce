import FlowSpec

/// Checks and converts a run's inputs as promptflow does: required inputs present, defaults applied, each value
/// parsed to its declared type (`int("3")`, `"TRUE"` as a bool, a JSON string as a list or object).
public enum FlowInputParser {
    /// The flow's inputs for one run, in declaration order (extra keys are ignored).
    /// Throws a user error with promptflow's message for a missing input or a value of the wrong type.
    public static func parse(_ given: FlowObject, for inputs: [FlowInput]) throws(FlowRunError) -> FlowObject {
        let missing = inputs.filter { $0.isRequired && given[$0.name] == nil }.map(\.name)
        if !missing.isEmpty {
            throw .user(
                "Required input fields \(PythonRepr.repr(strings: missing)) are missing in request data "
                    + PythonRepr.repr(.object(given)))
        }
        var parsed = FlowObject()
        for input in inputs {
            guard let value = given[input.name] ?? input.defaultValue else { continue }
            parsed[input.name] = try parse(value, as: input.type, name: input.name)
        }
        return parsed
    }

    /// One value parsed to `type` (promptflow's `ValueType.parse`), or the input-type user error.
    public static func parse(_ value: FlowValue, as type: ValueType, name: String) throws(FlowRunError) -> FlowValue {
        do throws(ValueParseError) {
            return try ValueParser.parse(value, as: type)
        } catch .json(let detail) {
            throw .user(
                "Failed to parse the flow input. The value for flow input '\(name)' was interpreted as JSON string "
                    + "since its type is '\(type.rawValue)'. However, the value '\(PythonRepr.str(value))' is invalid "
                    + "for JSON parsing. Error details: (JSONDecodeError) \(detail). Please make sure your inputs are "
                    + "properly formatted.")
        } catch {
            throw .user(
                "The input for flow is incorrect. The value for flow input '\(name)' does not match the expected "
                    + "type '\(type.rawValue)'. Please change flow input type or adjust the input value in your "
                    + "input data.")
        }
    }
}

/// Why `ValueParser` refused a value.
enum ValueParseError: Error {
    case type
    case json(String)
}

/// promptflow's `ValueType.parse`: Python's `int()`, `float()`, `str()`, the bool strings, JSON for lists and objects.
enum ValueParser {
    static func parse(_ value: FlowValue, as type: ValueType) throws(ValueParseError) -> FlowValue {
        switch type {
        case .int: return .int(try int(value))
        case .double: return .double(try double(value))
        case .bool:
            switch value {
            case .bool: return value
            case .string(let text) where text.lowercased() == "true": return .bool(true)
            case .string(let text) where text.lowercased() == "false": return .bool(false)
            default: throw .type
            }
        case .string: return .string(PythonRepr.str(value))
        case .list:
            var value = value
            if case .string(let text) = value {
                do throws(FlowValue.JSONError) {
                    value = try FlowValue(json: text)
                } catch {
                    throw .json(error.description)
                }
            }
            guard case .list = value else { throw .type }
            return value
        case .object:
            if case .string(let text) = value, let decoded = try? FlowValue(json: text) { return decoded }
            return value
        case .image:
            return value
        }
    }

    /// Python's `int(v)`: truncates floats, accepts `True`, and strings of digits with optional sign,
    /// surrounding whitespace and single underscores between digits.
    static func int(_ value: FlowValue) throws(ValueParseError) -> Int {
        switch value {
        case .int(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .double(let number):
            guard number.isFinite, let truncated = Int(exactly: number.rounded(.towardZero)) else { throw .type }
            return truncated
        case .string(let text):
            var digits = text.trimmingCharacters(in: " \t\n\r\u{0B}\u{0C}")
            if digits.contains("_") {
                guard !digits.hasPrefix("_"), !digits.hasSuffix("_"), !digits.contains("__") else { throw .type }
                digits.removeAll { $0 == "_" }
            }
            guard let number = Int(digits) else { throw .type }
            return number
        default:
            throw .type
        }
    }

    /// Python's `float(v)`.
    static func double(_ value: FlowValue) throws(ValueParseError) -> Double {
        switch value {
        case .double(let number): return number
        case .int(let number): return Double(number)
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text):
            var digits = text.trimmingCharacters(in: " \t\n\r\u{0B}\u{0C}")
            if digits.contains("_") {
                guard !digits.hasPrefix("_"), !digits.hasSuffix("_"), !digits.contains("__") else { throw .type }
                digits.removeAll { $0 == "_" }
            }
            let lower = digits.lowercased()
            guard !lower.hasPrefix("0x"), !lower.hasPrefix("-0x"), !lower.hasPrefix("+0x"),
                let number = Double(digits)
            else { throw .type }
            return number
        default:
            throw .type
        }
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}

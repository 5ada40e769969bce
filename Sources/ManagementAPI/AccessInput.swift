import FlowSpec
import Foundation
import Platform

/// Reading the fields of principal, role and assignment bodies, with a 400 naming the field otherwise.
enum AccessInput {
    static func text(_ body: FlowObject, _ field: String) throws(APIError) -> String {
        guard let value = try optionalText(body, field), !value.isEmpty else {
            throw .badArgument(field: field, "is required")
        }
        return value
    }

    static func optionalText(_ body: FlowObject, _ field: String) throws(APIError) -> String? {
        guard let value = body[field], value != .null else { return nil }
        guard let text = value.stringValue else { throw .badArgument(field: field, "must be a string") }
        return text
    }

    /// A list of action patterns, each checked.
    static func actions(_ body: FlowObject, _ field: String) throws(APIError) -> [String] {
        guard let list = body[field]?.listValue else { throw .badArgument(field: field, "must be a list of actions") }
        var actions: [String] = []
        for item in list {
            guard let action = item.stringValue else { throw .badArgument(field: field, "must be a list of strings") }
            if let problem = ActionPattern.problem(with: action) { throw .badArgument(field: field, problem) }
            actions.append(action)
        }
        return actions
    }

    /// Role names: 1 to 64 letters, digits, spaces, '-', '_' or '.'.
    static func roleNameProblem(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                || " -_.".unicodeScalars.contains($0)
        }
        return allowed && (1...64).contains(name.count) && name.trimmingCharacters(in: .whitespaces) == name
            ? nil : "'\(name.prefix(64))' is not 1 to 64 letters, digits, spaces, '-', '_' or '.'"
    }
}

import FlowSpec
import Foundation
import Yams

/// Reads one Azure ML definition file into typed values, collecting every problem with its position (Yams marks)
/// and every ignored key; the same YAML bounds as flow files apply (FlowSpec's `YAMLDocument`).
struct DefinitionReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var ignored: [IgnoredKey] = []
    /// Where each field was written, so model validation messages can point at their line.
    private(set) var marks: [String: Mark] = [:]

    init(file: String) {
        self.file = file
    }

    /// The text of the file at `path`, refused when it is not a small regular UTF-8 file.
    static func text(atPath path: String) throws(DefinitionError) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes, (attributes[.type] as? FileAttributeType) == .typeRegular,
            let data = FileManager.default.contents(atPath: path)
        else { throw DefinitionError(diagnostics: [Diagnostic(file: path, message: "cannot read the file")]) }
        guard data.count <= 1 << 20, let text = String(data: data, encoding: .utf8) else {
            throw DefinitionError(diagnostics: [
                Diagnostic(file: path, message: "the file must be UTF-8 text of at most 1 MiB")
            ])
        }
        return text
    }

    /// The document's top-level mapping, after FlowSpec's bounds checks (size, aliases, depth).
    static func root(of text: String, file: String) throws(DefinitionError) -> Yams.Node {
        do {
            _ = try YAMLDocument.value(of: text, file: file)
        } catch {
            throw DefinitionError(diagnostics: error.diagnostics)
        }
        guard let root = try? Yams.compose(yaml: text), case .mapping = root else {
            throw DefinitionError(diagnostics: [
                Diagnostic(file: file, line: 1, message: "the file must be a YAML mapping of keys to values")
            ])
        }
        return root
    }

    mutating func error(_ message: String, at node: Yams.Node?) {
        diagnostics.append(Diagnostic(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message))
    }

    mutating func ignore(_ key: String, at node: Yams.Node, reason: String) {
        ignored.append(IgnoredKey(key: key, line: node.mark?.line, reason: reason))
    }

    /// Records where `field` is written; the first position (its key, when known) wins.
    mutating func remember(_ field: String, _ node: Yams.Node) {
        if marks[field] == nil, let mark = node.mark { marks[field] = mark }
    }

    /// The key/value pairs of a mapping (keys as text), or an error naming `field`.
    mutating func pairs(_ node: Yams.Node, _ field: String) -> [(key: String, keyNode: Yams.Node, value: Yams.Node)]? {
        guard case .mapping(let mapping) = node else {
            error("\(field) must be a mapping, not \(kindName(node))", at: node)
            return nil
        }
        remember(field, node)
        let pairs = mapping.map { (key: $0.key.string ?? "", keyNode: $0.key, value: $0.value) }
        let prefix = field == "endpoint" || field == "deployment" ? "" : field + "."
        for pair in pairs { remember(prefix + pair.key, pair.keyNode) }
        return pairs
    }

    mutating func string(_ node: Yams.Node, _ field: String) -> String? {
        guard case .scalar(let scalar) = node, node.null == nil || scalar.style != .plain else {
            error("\(field) must be a text value, not \(kindName(node))", at: node)
            return nil
        }
        remember(field, node)
        return scalar.string
    }

    mutating func int(_ node: Yams.Node, _ field: String) -> Int? {
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = node.int else {
            error("\(field) must be a whole number, not \(kindName(node))", at: node)
            return nil
        }
        remember(field, node)
        return value
    }

    mutating func bool(_ node: Yams.Node, _ field: String) -> Bool? {
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = node.bool else {
            error("\(field) must be true or false, not \(kindName(node))", at: node)
            return nil
        }
        remember(field, node)
        return value
    }

    /// A mapping of text to text; scalar values keep their written text (`1` stays `"1"`).
    mutating func stringMap(_ node: Yams.Node, _ field: String) -> [String: String]? {
        guard let pairs = pairs(node, field) else { return nil }
        var result: [String: String] = [:]
        for pair in pairs {
            if let value = string(pair.value, "\(field).\(pair.key)") { result[pair.key] = value }
        }
        return result
    }

    mutating func intMap(_ node: Yams.Node, _ field: String) -> [String: Int]? {
        guard let pairs = pairs(node, field) else { return nil }
        var result: [String: Int] = [:]
        for pair in pairs {
            if let value = int(pair.value, "\(field).\(pair.key)") { result[pair.key] = value }
        }
        return result
    }

    mutating func stringList(_ node: Yams.Node, _ field: String) -> [String]? {
        guard case .sequence(let sequence) = node else {
            error("\(field) must be a list, not \(kindName(node))", at: node)
            return nil
        }
        remember(field, node)
        return sequence.enumerated().compactMap { string($0.element, "\(field)[\($0.offset)]") }
    }

    /// Reports an unknown key, listing the keys this part of the file takes.
    mutating func unknown(_ key: String, at node: Yams.Node, in section: String, known: [String]) {
        error(
            "'\(key)' is not a key of \(section); its keys are \(known.sorted().joined(separator: ", "))", at: node)
    }

    /// Model validation issues as diagnostics, each at the line of its field (or of the nearest enclosing one).
    mutating func add(_ validation: ResourceValidationError) {
        for issue in validation.issues {
            var field = Substring(issue.field)
            var mark = marks[String(field)]
            while mark == nil, let dot = field.lastIndex(where: { $0 == "." || $0 == "[" }) {
                field = field[..<dot]
                mark = marks[String(field)]
            }
            diagnostics.append(
                Diagnostic(file: file, line: mark?.line, column: mark?.column, message: issue.description))
        }
    }

    func throwIfAny() throws(DefinitionError) {
        if !diagnostics.isEmpty {
            let ordered = diagnostics.enumerated().sorted {
                ($0.element.line ?? 0, $0.element.column ?? 0, $0.offset)
                    < ($1.element.line ?? 0, $1.element.column ?? 0, $1.offset)
            }
            throw DefinitionError(diagnostics: ordered.map(\.element))
        }
    }

    private func kindName(_ node: Yams.Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar):
            node.null != nil && scalar.style == .plain ? "an empty value" : "'\(scalar.string.prefix(40))'"
        }
    }
}

import Foundation

/// An error from loading or rendering a template, named like jinja2's exception classes.
/// `templateName` and `line` locate it; `description` reads `name:line: Kind: message`.
public struct TemplateError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        case syntax = "TemplateSyntaxError"
        case undefined = "UndefinedError"
        case type = "TypeError"
        case value = "ValueError"
        case unsupported = "UnsupportedConstruct"
        case notFound = "TemplateNotFound"
        case runtime = "TemplateRuntimeError"
        case security = "SecurityError"
    }

    public let kind: Kind
    public let message: String
    public let templateName: String?
    public let line: Int?

    public init(_ kind: Kind, _ message: String, templateName: String? = nil, line: Int? = nil) {
        self.kind = kind
        self.message = message
        self.templateName = templateName
        self.line = line
    }

    public var description: String {
        var prefix = ""
        if let templateName { prefix = templateName }
        if let line { prefix += prefix.isEmpty ? "line \(line)" : ":\(line)" }
        return prefix.isEmpty ? "\(kind.rawValue): \(message)" : "\(prefix): \(kind.rawValue): \(message)"
    }

    /// The same error with a location filled in where it had none.
    func located(name: String?, line: Int?) -> TemplateError {
        TemplateError(kind, message, templateName: templateName ?? name, line: self.line ?? line)
    }
}

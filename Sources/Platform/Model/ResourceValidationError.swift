/// A desired state that breaks one of the online-endpoint rules (COMPAT §D): every problem found, each naming its field.
/// Its description reads `traffic: percentages sum to 90; they must sum to 0 or 100`, one problem per line.
public struct ResourceValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One broken rule: the field (`name`, `traffic.blue`, `request_settings.request_timeout_ms`) and what is wrong.
    public struct Issue: Sendable, Equatable, CustomStringConvertible {
        public let field: String
        public let message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }

        public var description: String { "\(field): \(message)" }
    }

    /// The failure code Azure ML reports for invalid input.
    public static let code = "BadArgument"

    public let issues: [Issue]

    public init(issues: [Issue]) {
        self.issues = issues
    }

    /// One problem with one field.
    public init(field: String, message: String) {
        self.issues = [Issue(field: field, message: message)]
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Collects the problems of one check so all are reported at once.
struct ValidationIssues {
    private(set) var issues: [ResourceValidationError.Issue] = []

    mutating func add(_ field: String, _ message: String) {
        issues.append(.init(field: field, message: message))
    }

    /// Adds `message` for `field` unless `condition` holds.
    mutating func require(_ condition: Bool, _ field: String, _ message: @autoclosure () -> String) {
        if !condition { add(field, message()) }
    }

    mutating func append(contentsOf other: ValidationIssues) {
        issues += other.issues
    }

    func throwIfAny() throws(ResourceValidationError) {
        if !issues.isEmpty { throw ResourceValidationError(issues: issues) }
    }
}

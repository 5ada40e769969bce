import Foundation

/// A named set of actions (`endpoints/read`, `*/read`, `*`) minus `notActions`; built in or custom.
/// A role grants an action when one of its actions matches it and none of its not-actions does.
public struct Role: Sendable, Equatable, Codable {
    public let name: String
    public let description: String
    public let actions: [String]
    public let notActions: [String]
    public let builtIn: Bool
    public let createdAt: Date?

    public init(
        name: String, description: String = "", actions: [String], notActions: [String] = [], builtIn: Bool = false,
        createdAt: Date? = nil
    ) {
        self.name = name
        self.description = description
        self.actions = actions
        self.notActions = notActions
        self.builtIn = builtIn
        self.createdAt = createdAt
    }

    /// Whether this role allows `action`.
    public func grants(_ action: String) -> Bool {
        actions.contains { ActionPattern.matches($0, action) }
            && !notActions.contains { ActionPattern.matches($0, action) }
    }

    /// The writes that change who may do what; a Contributor may not make them (else it could make itself Owner).
    public static let accessWrites = [
        "roleassignments/write", "roleassignments/delete", "roles/write", "roles/delete", "principals/write",
        "principals/delete", "principals/keys/write", "principals/keys/delete",
    ]

    public static let owner = Role(name: "Owner", description: "Everything.", actions: ["*"], builtIn: true)

    /// The built-in roles of DESIGN.md §5.
    public static let builtInRoles: [Role] = [
        owner,
        Role(
            name: "Contributor", description: "Everything except granting access and reading the audit log.",
            actions: ["*"], notActions: accessWrites + [AuditEvent.listAction], builtIn: true),
        Role(name: "Reader", description: "Read everything.", actions: ["*/read"], builtIn: true),
        Role(
            name: "Connection Secrets Reader", description: "Read connection secrets.",
            actions: ["connections/listsecrets/action"], builtIn: true),
        Role(name: "Artifact Reader", description: "Read flow snapshots.", actions: ["snapshots/read"], builtIn: true),
        Role(
            name: "Metrics Writer", description: "Write instance resource metrics.", actions: ["metrics/write"],
            builtIn: true),
        Role(
            name: "Endpoint Invoker", description: "Score an endpoint and get its tokens.",
            actions: ["endpoints/score/action", "endpoints/token/action"], builtIn: true),
    ]

    /// The built-in role named `name` (case-insensitive), if any.
    public static func builtIn(named name: String) -> Role? {
        builtInRoles.first { $0.name.lowercased() == name.lowercased() }
    }
}

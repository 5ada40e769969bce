import FlowSpec
import Platform

/// Principals, keys, roles and role assignments as the API writes them, and their schemas.
enum AccessJSON {
    static func principal(_ principal: Principal, builtIn: Bool = false) -> FlowValue {
        [
            "name": .string(principal.name), "kind": .string(principal.kind.rawValue),
            "created_at": JSONBody.time(principal.createdAt), "built_in": .bool(builtIn),
        ]
    }

    static func key(_ key: PrincipalKey) -> FlowValue {
        [
            "id": .string(key.id), "principal": .string(key.principal), "prefix": .string(key.prefix),
            "created_at": JSONBody.time(key.createdAt), "last_used_at": JSONBody.time(key.lastUsedAt),
        ]
    }

    static func role(_ role: Role) -> FlowValue {
        [
            "name": .string(role.name), "description": .string(role.description),
            "actions": .list(role.actions.map { .string($0) }),
            "not_actions": .list(role.notActions.map { .string($0) }), "built_in": .bool(role.builtIn),
        ]
    }

    static func assignment(_ assignment: RoleAssignment) -> FlowValue {
        [
            "id": .string(assignment.id), "role": .string(assignment.role), "principal": .string(assignment.principal),
            "scope": .string(assignment.scope), "created_at": JSONBody.time(assignment.createdAt),
        ]
    }

    static let principalSchema: FlowValue = [
        "type": "object", "required": ["name"],
        "properties": [
            "name": ["type": "string"], "kind": ["type": "string", "enum": ["user", "service_principal", "managed_identity"]],
            "created_at": ["type": "string", "format": "date-time", "readOnly": true],
            "built_in": ["type": "boolean", "readOnly": true],
        ],
    ]

    static let keySchema: FlowValue = [
        "type": "object",
        "properties": [
            "id": ["type": "string"], "principal": ["type": "string"], "prefix": ["type": "string"],
            "key": ["type": "string", "description": "Only in the answer that creates it"],
            "created_at": ["type": "string", "format": "date-time"],
            "last_used_at": ["type": ["string", "null"], "format": "date-time"],
        ],
    ]

    static let roleSchema: FlowValue = [
        "type": "object", "required": ["name", "actions"],
        "properties": [
            "name": ["type": "string"], "description": ["type": "string"],
            "actions": ["type": "array", "items": ["type": "string"]],
            "not_actions": ["type": "array", "items": ["type": "string"]],
            "built_in": ["type": "boolean", "readOnly": true],
        ],
    ]

    static let assignmentSchema: FlowValue = [
        "type": "object", "required": ["role", "principal"],
        "properties": [
            "id": ["type": "string", "readOnly": true], "role": ["type": "string"], "principal": ["type": "string"],
            "scope": ["type": "string", "default": "/"],
            "created_at": ["type": "string", "format": "date-time", "readOnly": true],
        ],
    ]
}

import FlowEngine
import FlowSpec
import Hummingbird
import Platform

/// Connections in promptflow's shape, kept in the server's `LocalConnectionStore`: secrets go in and never come
/// out (shown as `******`); an update that sends `******` for a secret keeps the stored one.
extension ManagementAPI {
    func createConnection(_ request: APIRequest) async throws -> Response {
        let input = DefinitionInput(try await request.jsonObject())
        // The server's own environment is not the caller's: `${env:…}` is refused, never resolved.
        let document: ConnectionDocument
        do {
            document = try ConnectionDocument.parse(yaml: input.text, file: "request body", environment: [:])
        } catch let error as ConnectionError {
            throw error
        } catch {
            throw APIError.badArgument("the connection cannot be read: \(error)")
        }
        try await controlPlane.connections.create(document.connection)
        let stored = try await controlPlane.connections.show(document.connection.name)
        logger.info("connection created", metadata: ["connection": .string(stored.connection.name)])
        var json = ResourceJSON.connection(stored)
        json["ignored_keys"] = .list(document.ignoredFields.map { .string($0) })
        return JSONBody.response(.object(json), status: .created)
    }

    func listConnections(_ request: APIRequest) async throws -> Response {
        JSONBody.list(try await controlPlane.connections.list().map { .object(ResourceJSON.connection($0)) })
    }

    func showConnection(_ request: APIRequest) async throws -> Response {
        JSONBody.response(
            .object(ResourceJSON.connection(try await controlPlane.connections.show(request.path("name")))))
    }

    /// Sets the fields the body names (`configs`/`secrets` entries for custom connections); `null` removes one.
    func updateConnection(_ request: APIRequest) async throws -> Response {
        let name = request.path("name")
        let body = try await request.jsonObject()
        if let given = body["name"], given != .string(name) {
            throw APIError.badArgument(field: "name", "the body names another connection than the path")
        }
        var settings: [String] = []
        var removed: [String] = []
        for (key, value) in body where !["name", "type", "module", "$schema"].contains(key) {
            if key == "configs" || key == "secrets" {
                guard case .object(let entries) = value else {
                    throw APIError.badArgument(field: key, "must be an object of names to text")
                }
                for (entry, item) in entries {
                    try Self.setting("\(key).\(entry)", item, into: &settings, removed: &removed)
                }
            } else {
                try Self.setting(key, value, into: &settings, removed: &removed)
            }
        }
        let type = body["type"]?.stringValue
        let changes = settings
        let removals = removed
        let stored = try await controlPlane.connections.update(name) { connection in
            if let type, ConnectionSchema.named(type)?.type != connection.type {
                throw APIError.badArgument(
                    field: "type", "a connection's type cannot change (it is \(connection.type))")
            }
            for key in removals {
                let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
                if parts.count == 2, parts[0] == "configs" || parts[0] == "secrets",
                    connection.schema?.isCustom ?? false
                {
                    if parts[0] == "configs" {
                        connection.configs[parts[1]] = nil
                    } else {
                        connection.secrets[parts[1]] = nil
                    }
                } else {
                    connection.configs[key] = nil
                    connection.secrets[key] = nil
                }
            }
            try ConnectionDocument.apply(changes, to: &connection)
        }
        logger.info("connection updated", metadata: ["connection": .string(name)])
        return JSONBody.response(.object(ResourceJSON.connection(stored)))
    }

    func deleteConnection(_ request: APIRequest) async throws -> Response {
        let name = request.path("name")
        try await controlPlane.connections.delete(name)
        try await removeAssignments(atScope: "/connections/\(name)")
        logger.info("connection deleted", metadata: ["connection": .string(name)])
        return Response(status: .noContent)
    }

    /// One `key=value` setting as `ConnectionDocument.apply` takes it; numbers and booleans as their text.
    private static func setting(
        _ key: String, _ value: FlowValue, into settings: inout [String], removed: inout [String]
    ) throws(APIError) {
        switch value {
        case .null: removed.append(key)
        case .string(let text): settings.append("\(key)=\(text)")
        case .int, .double, .bool: settings.append("\(key)=\(value.json(.compact))")
        case .list, .object: throw .badArgument(field: key, "must be text, not \(value.kindName)")
        }
    }
}

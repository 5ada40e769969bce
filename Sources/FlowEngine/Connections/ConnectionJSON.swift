import Foundation
import LLM

/// Reads one connection from a JSON object, in the shapes promptflow passes around: the executor's
/// `{type, value, secret_keys}`, the YAML-like `{type, api_key, …}` or `{type: custom, configs, secrets}`,
/// and an Azure ML workspace connection `{properties: {category, target, credentials, metadata}}`.
enum ConnectionJSON {
    /// Decodes JSON text; `nil` when the text is not JSON at all.
    static func decode(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func connection(
        named name: String, from object: [String: JSONValue]
    ) throws(ConnectionError) -> Connection {
        if case .object(let properties)? = object["properties"] {
            return try workspaceConnection(named: name, properties: properties)
        }
        guard let rawType = object["type"]?.stringValue else {
            throw .invalid(connection: name, reason: "the connection has no 'type'.")
        }
        guard let schema = ConnectionSchema.named(rawType) else { throw .unknownType(rawType, connection: name) }
        let module = object["module"]?.stringValue
        if let value = object["value"] {
            guard case .object(let fields) = value else {
                throw .invalid(connection: name, reason: "'value' must be an object.")
            }
            var secretKeys = Set<String>()
            if case .array(let keys)? = object["secret_keys"] { secretKeys = Set(keys.compactMap(\.stringValue)) }
            return try Connection.fromFields(
                name: name, type: schema.type, fields: try strings(fields, schema: schema, connection: name),
                secretKeys: secretKeys, module: module)
        }
        if schema.isCustom {
            var connection = Connection(name: name, type: schema.type, module: module)
            connection.configs = try strings(
                try members(object["configs"], "configs", name), schema: nil, connection: name)
            connection.secrets = try strings(
                try members(object["secrets"], "secrets", name), schema: nil, connection: name)
            return connection
        }
        var fields = object
        for key in ["type", "name", "module", "$schema"] { fields[key] = nil }
        return try Connection.fromFields(
            name: name, type: schema.type, fields: try strings(fields, schema: schema, connection: name),
            module: module)
    }

    private static func members(
        _ value: JSONValue?, _ key: String, _ connection: String
    ) throws(ConnectionError) -> [String: JSONValue] {
        switch value {
        case nil, .null?: return [:]
        case .object(let members)?: return members
        default: throw .invalid(connection: connection, reason: "'\(key)' must be an object.")
        }
    }

    /// Scalars as strings (numbers and booleans as JSON writes them); nulls and empty strings are dropped,
    /// as promptflow drops them so defaults apply. Schema fields come first, in the schema's order.
    static func strings(
        _ object: [String: JSONValue], schema: ConnectionSchema?, connection: String
    ) throws(ConnectionError) -> ConnectionValues {
        let order = schema?.fields.map(\.name) ?? []
        let keys = order.filter { object[$0] != nil } + object.keys.filter { !order.contains($0) }.sorted()
        var values = ConnectionValues()
        for key in keys {
            switch object[key] {
            case .string(let text)?: if !text.isEmpty { values[key] = text }
            case .int(let number)?: values[key] = String(number)
            case .double(let number)?: values[key] = String(number)
            case .bool(let flag)?: values[key] = flag ? "true" : "false"
            case nil, .null?: break
            default: throw .invalid(connection: connection, reason: "'\(key)' must be a string.")
            }
        }
        return values
    }

    /// An Azure ML workspace connection (what an online deployment writes into the name-override variable).
    private static func workspaceConnection(
        named name: String, properties: [String: JSONValue]
    ) throws(ConnectionError) -> Connection {
        func lookup(_ members: [String: JSONValue], _ key: String) -> JSONValue? {
            members.first { $0.key.lowercased() == key.lowercased() }?.value
        }
        func object(_ value: JSONValue?) -> [String: JSONValue] {
            if case .object(let members)? = value { return members }
            return [:]
        }
        let category = lookup(properties, "category")?.stringValue ?? ""
        let metadata = object(lookup(properties, "metadata"))
        let credentials = object(lookup(properties, "credentials"))
        let authType = (lookup(properties, "authType") ?? lookup(properties, "auth_type"))?.stringValue ?? "ApiKey"
        let target = lookup(properties, "target") ?? .null
        var fields: [String: JSONValue] = [:]
        let type: String
        switch category {
        case "AzureOpenAI":
            type = "azure_open_ai"
            fields["api_base"] = target
            fields["api_type"] = lookup(metadata, "ApiType")
            fields["api_version"] = lookup(metadata, "ApiVersion")
            fields["resource_id"] = lookup(metadata, "ResourceId")
        case "CognitiveSearch":
            type = "cognitive_search"
            fields["api_base"] = target
            fields["api_version"] = lookup(metadata, "ApiVersion")
        case "Serverless":
            type = "serverless"
            fields["api_base"] = target
        case "AIServices":
            type = "azure_ai_services"
            fields["endpoint"] = target
        case "CognitiveService" where lookup(metadata, "Kind")?.stringValue == "Content Safety":
            type = "azure_content_safety"
            fields["endpoint"] = target
            fields["api_version"] = lookup(metadata, "ApiVersion")
        case "CognitiveService" where lookup(metadata, "Kind")?.stringValue == "Form Recognizer":
            type = "form_recognizer"
            fields["endpoint"] = target
            fields["api_version"] = lookup(metadata, "ApiVersion")
        case "OpenAI":
            type = "open_ai"
            fields["base_url"] = target
            fields["organization"] = lookup(metadata, "organization")
        case "Serp":
            type = "serp"
        case "CustomKeys":
            var connection = Connection(name: name, type: "custom")
            connection.secrets = try strings(object(lookup(credentials, "keys")), schema: nil, connection: name)
            connection.configs = try strings(
                metadata.filter { !$0.key.hasPrefix("azureml.flow.") }, schema: nil, connection: name)
            return connection
        default:
            throw .invalid(connection: name, reason: "workspace connection category '\(category)' is not supported.")
        }
        let schema = ConnectionSchema.named(type)
        if authType.lowercased() == "aad" {
            fields["auth_mode"] = .string("meid_token")
        } else {
            fields["api_key"] = lookup(credentials, "key")
            if schema?.supportsEntraID == true { fields["auth_mode"] = .string("key") }
        }
        return try Connection.fromFields(
            name: name, type: type, fields: try strings(fields, schema: schema, connection: name))
    }
}

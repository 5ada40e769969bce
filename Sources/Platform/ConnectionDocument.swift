import FlowEngine
import FlowSpec
import Foundation

/// A connection read from promptflow's connection YAML (`$schema`, `name`, `type`, fields at the top level;
/// `configs` and `secrets` for `custom`) or from `--set key=value` arguments, with `${env:VAR}` resolved.
public struct ConnectionDocument: Sendable {
    /// The connection, checked against its type.
    public let connection: Connection
    /// Top-level YAML keys that are not fields of the type; promptflow ignores them, and so does Flowgate.
    public let ignoredFields: [String]

    /// Keys every connection YAML may carry that are not connection values.
    static let metadataKeys: Set<String> = [
        "$schema", "name", "type", "module", "created_date", "last_modified_date", "expiry_time",
    ]
    /// Keys of a custom strong-typed connection that promptflow keeps in configs under `promptflow.connection.`.
    static let customStrongTypeKeys = ["custom_type", "module", "package", "package_version"]

    /// Reads the YAML file at `path`; `name` replaces the file's `name`, `settings` (`key=value`) apply on top.
    public static func load(
        path: String, name: String? = nil, settings: [String] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ConnectionDocument {
        guard let root = try YAMLDocument.value(atPath: path) else {
            throw ConnectionError.invalid(connection: name ?? path, reason: "\(path) is empty.")
        }
        return try parse(root, file: path, name: name, settings: settings, environment: environment)
    }

    /// Reads YAML text; `file` names it in messages.
    public static func parse(
        yaml: String, file: String = "connection.yaml", name: String? = nil, settings: [String] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ConnectionDocument {
        guard let root = try YAMLDocument.value(of: yaml, file: file) else {
            throw ConnectionError.invalid(connection: name ?? file, reason: "\(file) is empty.")
        }
        return try parse(root, file: file, name: name, settings: settings, environment: environment)
    }

    /// A connection from `--name`, `--type` and `--set` alone.
    public static func make(
        name: String, type: String, settings: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConnectionError) -> ConnectionDocument {
        guard let schema = ConnectionSchema.named(type) else { throw .unknownType(type, connection: name) }
        var connection = Connection(name: name, type: schema.type)
        try apply(settings, to: &connection)
        try resolveEnvironment(&connection, environment: environment)
        return ConnectionDocument(connection: try connection.validated(), ignoredFields: [])
    }

    /// Applies `key=value` settings: a field of a strong type, or `configs.KEY` / `secrets.KEY` of a custom one.
    public static func apply(_ settings: [String], to connection: inout Connection) throws(ConnectionError) {
        guard let schema = connection.schema else { throw .unknownType(connection.type, connection: connection.name) }
        for setting in settings {
            guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
                throw .invalid(
                    connection: connection.name, reason: "--set takes KEY=VALUE, got '\(setting.prefix { $0 != "=" })'."
                )
            }
            let key = String(setting[..<equals])
            let value = String(setting[setting.index(after: equals)...])
            if schema.isCustom {
                if key.hasPrefix("configs."), key.count > "configs.".count {
                    connection.configs[String(key.dropFirst("configs.".count))] = value
                } else if key.hasPrefix("secrets."), key.count > "secrets.".count {
                    connection.secrets[String(key.dropFirst("secrets.".count))] = value
                } else {
                    throw .invalid(
                        connection: connection.name,
                        reason: "a custom connection takes --set configs.KEY=VALUE or secrets.KEY=VALUE, not '\(key)'.")
                }
            } else {
                guard let field = schema.field(key) else {
                    throw .invalid(
                        connection: connection.name,
                        reason: "'\(key)' is not a field of \(schema.type); its fields are "
                            + schema.fields.map(\.name).joined(separator: ", ") + ".")
                }
                if field.isSecret { connection.secrets[key] = value } else { connection.configs[key] = value }
            }
        }
    }

    /// Replaces every `${env:VAR}` value with the variable's value; an unset variable is an error naming it.
    public static func resolveEnvironment(
        _ connection: inout Connection, environment: [String: String]
    ) throws(ConnectionError) {
        for key in connection.configs.keys {
            connection.configs[key] = try ConnectionResolver.expand(
                connection.configs[key]!, key: key, connection.name, environment)
        }
        for key in connection.secrets.keys {
            connection.secrets[key] = try ConnectionResolver.expand(
                connection.secrets[key]!, key: key, connection.name, environment)
        }
    }

    private static func parse(
        _ root: FlowValue, file: String, name: String?, settings: [String], environment: [String: String]
    ) throws -> ConnectionDocument {
        guard case .object(let object) = root else {
            throw ConnectionError.invalid(connection: name ?? file, reason: "\(file) must be a YAML mapping.")
        }
        guard let name = name ?? object["name"].flatMap(scalarText), !name.isEmpty else {
            throw ConnectionError.invalid(connection: file, reason: "\(file) has no 'name' (or pass --name).")
        }
        guard let type = object["type"].flatMap(scalarText) else {
            throw ConnectionError.invalid(connection: name, reason: "\(file) has no 'type'.")
        }
        guard let schema = ConnectionSchema.named(type) else {
            throw ConnectionError.unknownType(type, connection: name)
        }
        var connection = Connection(name: name, type: schema.type, module: object["module"].flatMap(scalarText))
        var ignored: [String] = []
        if schema.isCustom {
            connection.configs = try values(object["configs"], "configs", name)
            connection.secrets = try values(object["secrets"], "secrets", name)
            if object["custom_type"] != nil {
                for key in customStrongTypeKeys {
                    if let value = object[key].flatMap(scalarText) {
                        connection.configs["promptflow.connection.\(key)"] = value
                    }
                }
            }
            ignored = object.keys.filter {
                !metadataKeys.contains($0) && !["configs", "secrets"].contains($0) && !customStrongTypeKeys.contains($0)
            }
        } else {
            for (key, value) in object where !metadataKeys.contains(key) {
                guard let field = schema.field(key) else {
                    ignored.append(key)
                    continue
                }
                guard let text = scalarText(value) else {
                    if value == .null { continue }
                    throw ConnectionError.invalid(
                        connection: name, reason: "'\(key)' must be a string, not a \(value.kindName).")
                }
                if field.isSecret { connection.secrets[key] = text } else { connection.configs[key] = text }
            }
        }
        try apply(settings, to: &connection)
        try resolveEnvironment(&connection, environment: environment)
        return ConnectionDocument(connection: try connection.validated(), ignoredFields: ignored)
    }

    private static func values(_ value: FlowValue?, _ key: String, _ name: String) throws(ConnectionError)
        -> ConnectionValues
    {
        guard let value, value != .null else { return [:] }
        guard case .object(let object) = value else {
            throw .invalid(connection: name, reason: "'\(key)' must be a mapping of names to strings.")
        }
        var result = ConnectionValues()
        for (entry, item) in object {
            guard let text = scalarText(item) else {
                if item == .null { continue }
                throw .invalid(connection: name, reason: "'\(key).\(entry)' must be a string, not a \(item.kindName).")
            }
            result[entry] = text
        }
        return result
    }

    /// A YAML scalar as the text promptflow would store (`str()` of numbers and booleans); `nil` for others.
    private static func scalarText(_ value: FlowValue) -> String? {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "True" : "False"
        case .null, .list, .object: nil
        }
    }
}

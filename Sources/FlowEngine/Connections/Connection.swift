import FlowSpec

/// A named set of settings and secrets a flow's nodes use to reach a service (promptflow's connection).
/// `description` masks every secret, so printing or logging a connection never reveals one.
public struct Connection: Sendable, Hashable, CustomStringConvertible {
    /// What `show` and `list` print instead of a secret's value (promptflow's scrubbed value).
    public static let maskedValue = "******"

    /// The name flows refer to (`connection: my_aoai`).
    public var name: String
    /// promptflow's YAML type string: `azure_open_ai`, `open_ai`, `serverless`, `custom`, ….
    public var type: String
    /// The Python module of the connection class (`promptflow.connections` for the built-in types).
    public var module: String
    /// Settings that are not secret, in their written order.
    public var configs: ConnectionValues
    /// Secret settings (`api_key`, a custom connection's `secrets`).
    public var secrets: ConnectionValues

    public init(
        name: String, type: String, module: String? = nil, configs: ConnectionValues = [:],
        secrets: ConnectionValues = [:]
    ) {
        self.name = name
        self.type = type
        self.module = module ?? ConnectionSchema.named(type)?.module ?? "promptflow.connections"
        self.configs = configs
        self.secrets = secrets
    }

    /// The schema of this connection's type, when Flowgate knows the type.
    public var schema: ConnectionSchema? { ConnectionSchema.named(type) }

    /// A secret or config value by key, secrets first (promptflow's `connection[key]`).
    public subscript(key: String) -> String? { secrets[key] ?? configs[key] }

    /// Every key, configs then secrets.
    public var keys: [String] { configs.keys + secrets.keys }

    /// The same connection with every secret value replaced by `******`.
    public var masked: Connection {
        var copy = self
        copy.secrets = secrets.masked()
        return copy
    }

    /// The connection as promptflow's executor receives it: `{name, type: <Class>Connection, module, value, secret_keys}`.
    public var executionValue: FlowValue {
        var value = FlowObject()
        for (key, item) in configs { value[key] = .string(item) }
        for (key, item) in secrets { value[key] = .string(item) }
        return [
            "name": .string(name),
            "type": .string(schema?.pythonClassName ?? type),
            "module": .string(module),
            "value": .object(value),
            "secret_keys": .list(secrets.keys.map { .string($0) }),
        ]
    }

    public var description: String {
        let configText = configs.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        let secretText = secrets.keys.map { "\($0): \(Connection.maskedValue)" }.joined(separator: ", ")
        return "Connection(name: \(name), type: \(type), configs: {\(configText)}, secrets: {\(secretText)})"
    }
}

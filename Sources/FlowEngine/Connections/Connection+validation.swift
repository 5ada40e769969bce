extension Connection {
    /// A strong-typed connection from flat fields (`api_key`, `api_base`, …): the schema decides which are secret.
    /// For `custom`, flat fields are configs unless listed in `secretKeys` (promptflow's `secret_keys`).
    public static func fromFields(
        name: String, type: String, fields: ConnectionValues, secretKeys: Set<String> = [], module: String? = nil
    ) throws(ConnectionError) -> Connection {
        guard let schema = ConnectionSchema.named(type) else { throw .unknownType(type, connection: name) }
        var connection = Connection(name: name, type: schema.type, module: module ?? schema.module)
        for (key, value) in fields {
            let isSecret = schema.isCustom ? secretKeys.contains(key) : (schema.field(key)?.isSecret ?? false)
            if isSecret { connection.secrets[key] = value } else { connection.configs[key] = value }
        }
        return connection
    }

    /// The connection checked against its type: the type is known, defaults are filled in, required fields are set.
    /// promptflow's rules: `api_key` is required unless `auth_mode` is `meid_token` on a type that allows it.
    public func validated() throws(ConnectionError) -> Connection {
        guard !name.isEmpty else { throw .invalid(connection: name, reason: "the name is empty.") }
        guard let schema else { throw .unknownType(type, connection: name) }
        var result = self
        result.type = schema.type
        if schema.isCustom { return result }
        for field in schema.fields where result[field.name] == nil {
            if let value = field.defaultValue { result.configs[field.name] = value }
        }
        if schema.type == "open_ai", let base = result.configs["base_url"], base.isEmpty || base == "_" {
            result.configs["base_url"] = nil
        }
        var entraID = false
        if schema.supportsEntraID, let mode = result.configs["auth_mode"] {
            switch mode {
            case "key": break
            case "meid_token": entraID = true
            default:
                throw .invalid(
                    connection: name, reason: "auth_mode must be 'key' or 'meid_token', not '\(mode)'.")
            }
        }
        if entraID {
            result.secrets["api_key"] = nil
        } else if schema.supportsEntraID, (result.secrets["api_key"] ?? "").isEmpty {
            throw .missingField("api_key", connection: name, type: schema.type)
        }
        for field in schema.fields where field.isRequired {
            if (result[field.name] ?? "").isEmpty {
                throw .missingField(field.name, connection: name, type: schema.type)
            }
        }
        // A field the schema marks secret never stays in the clear, whatever its source put it in.
        for field in schema.fields where field.isSecret {
            if let value = result.configs[field.name] {
                result.configs[field.name] = nil
                result.secrets[field.name] = value
            }
        }
        return result
    }
}

import FlowEngine
import FlowSpec

/// A connection as the management API takes it: promptflow's shape (fields at the top level, `configs` and
/// `secrets` for custom), secrets included because they are being sent to be stored; never printed.
enum ConnectionJSON {
    static func body(_ connection: Connection) -> FlowObject {
        var object: FlowObject = ["name": .string(connection.name), "type": .string(connection.type)]
        if connection.schema?.isCustom ?? true {
            object["configs"] = .object(FlowObject(connection.configs.map { ($0.key, FlowValue.string($0.value)) }))
            object["secrets"] = .object(FlowObject(connection.secrets.map { ($0.key, FlowValue.string($0.value)) }))
        } else {
            for (key, value) in connection.configs { object[key] = .string(value) }
            for (key, value) in connection.secrets { object[key] = .string(value) }
        }
        return object
    }

    /// `--set key=value` as a PATCH body: `configs.K=V` / `secrets.K=V` nest, other keys are fields.
    static func patch(_ settings: [String]) throws(CLIError) -> FlowObject {
        var body = FlowObject()
        for setting in settings {
            guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
                throw CLIError("--set takes KEY=VALUE, got '\(setting.prefix { $0 != "=" })'.")
            }
            let key = String(setting[..<equals])
            let value = FlowValue.string(String(setting[setting.index(after: equals)...]))
            if let dot = key.firstIndex(of: "."), ["configs", "secrets"].contains(String(key[..<dot])) {
                let group = String(key[..<dot])
                var entries = body[group]?.objectValue ?? FlowObject()
                entries[String(key[key.index(after: dot)...])] = value
                body[group] = .object(entries)
            } else {
                body[key] = value
            }
        }
        return body
    }

    /// NAME / TYPE / UPDATED for the server's connection list.
    static func table(_ list: [FlowValue]) -> String {
        if list.isEmpty { return "No connections.\n" }
        return ResourceTable.columns(
            ["NAME", "TYPE", "UPDATED"],
            list.map { item in
                let object = item.objectValue ?? [:]
                return [
                    ResourceTable.text(object["name"]), ResourceTable.text(object["type"]),
                    ResourceTable.text(object["last_modified_date"]),
                ]
            })
    }
}

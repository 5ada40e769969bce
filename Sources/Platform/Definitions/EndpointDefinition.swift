import FlowSpec
import Foundation
import Yams

/// An online endpoint read from Azure ML's endpoint YAML (`name`, `description`, `tags`, `auth_mode`, `identity`,
/// `traffic`, `mirror_traffic`, `properties.enforce_access_to_default_secret_stores`); Azure-only keys are ignored.
public struct EndpointDefinition: Sendable {
    /// The endpoint the file describes, checked on its own (traffic is checked against deployments by the store).
    public let endpoint: Endpoint
    /// The top-level keys the file sets, so a declarative update changes only those.
    public let keys: Set<String>
    public let ignored: [IgnoredKey]

    static let handledKeys = [
        "name", "description", "tags", "auth_mode", "identity", "traffic", "mirror_traffic", "properties",
    ]
    /// Keys of Azure's schema that mean nothing on one Flowgate server, with why.
    static let azureOnlyKeys: [String: String] = [
        "id": "Azure assigns resource ids", "location": "Flowgate runs where it is started",
        "kind": "it is read-only in Azure", "public_network_access": "Flowgate listens where --host says",
        "compute": "Kubernetes compute targets are Azure's", "scoring_uri": "Flowgate derives it",
        "openapi_uri": "Flowgate derives it", "provisioning_state": "it is set by the server",
    ]

    /// Reads the file at `path`; `name` (from a flag) replaces the file's `name`.
    public static func load(path: String, name: String? = nil) throws(DefinitionError) -> EndpointDefinition {
        try parse(yaml: try DefinitionReader.text(atPath: path), file: path, name: name)
    }

    /// Reads YAML text; `file` names it in messages.
    public static func parse(
        yaml: String, file: String = "endpoint.yaml", name: String? = nil
    ) throws(DefinitionError) -> EndpointDefinition {
        let root = try DefinitionReader.root(of: yaml, file: file)
        var reader = DefinitionReader(file: file)
        var endpoint = Endpoint(name: name ?? "")
        var keys: Set<String> = []
        for pair in reader.pairs(root, "endpoint") ?? [] {
            keys.insert(pair.key)
            let value = pair.value
            switch pair.key {
            case "$schema": break
            case "name": if let text = reader.string(value, "name"), name == nil { endpoint.name = text }
            case "description": endpoint.description = reader.string(value, "description")
            case "tags": endpoint.tags = reader.stringMap(value, "tags") ?? [:]
            case "auth_mode":
                guard let text = reader.string(value, "auth_mode") else { break }
                if let mode = AuthMode(parsing: text) {
                    endpoint.authMode = mode
                } else {
                    reader.error("auth_mode is '\(text)'; online endpoints take key or aml_token (token)", at: value)
                }
            case "identity": endpoint.identity = identity(value, &reader) ?? .systemAssigned
            case "traffic": endpoint.traffic = reader.intMap(value, "traffic") ?? [:]
            case "mirror_traffic": endpoint.mirrorTraffic = reader.intMap(value, "mirror_traffic") ?? [:]
            case "properties":
                for property in reader.pairs(value, "properties") ?? [] {
                    let field = "properties.\(property.key)"
                    if property.key == "enforce_access_to_default_secret_stores" {
                        endpoint.enforceAccessToDefaultSecretStores =
                            enabled(property.value, field, &reader) ?? false
                    } else {
                        reader.ignore(field, at: property.keyNode, reason: "Flowgate reads no other endpoint property")
                    }
                }
            default:
                if let reason = azureOnlyKeys[pair.key] {
                    reader.ignore(pair.key, at: pair.keyNode, reason: reason)
                } else {
                    reader.unknown(
                        pair.key, at: pair.keyNode, in: "an endpoint", known: handledKeys + azureOnlyKeys.keys)
                }
            }
        }
        if endpoint.name.isEmpty, !keys.contains("name") {
            reader.error("the endpoint needs a name (name: my-endpoint)", at: root)
        }
        if reader.diagnostics.isEmpty {
            do { try endpoint.validate() } catch { reader.add(error) }
        }
        try reader.throwIfAny()
        return EndpointDefinition(endpoint: endpoint, keys: keys, ignored: reader.ignored)
    }

    /// `enabled` / `disabled` as Azure writes them, or a YAML boolean.
    private static func enabled(_ node: Yams.Node, _ field: String, _ reader: inout DefinitionReader) -> Bool? {
        if case .scalar(let scalar) = node, scalar.style == .plain, let value = node.bool {
            reader.remember(field, node)
            return value
        }
        switch reader.string(node, field)?.lowercased() {
        case "enabled": return true
        case "disabled": return false
        case nil: return nil
        case let other?:
            reader.error("\(field) is '\(other)'; use enabled or disabled", at: node)
            return nil
        }
    }
}

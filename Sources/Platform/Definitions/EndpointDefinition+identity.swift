import Foundation
import Yams

/// The `identity` section of an endpoint file, in the spellings Azure ML's CLI takes and the plain names Flowgate's
/// own identities have: `type` as `user_assigned` or `UserAssigned`; `user_assigned_identities` as Azure's list of
/// `{resource_id | client_id | object_id: …}` objects, a list of identity names or resource ids, one bare name, or
/// the ARM map of resource id to `{client_id, principal_id}`.
extension EndpointDefinition {
    /// The keys one entry of `user_assigned_identities` may have (`principal_id` is what Azure writes back).
    static let userAssignedKeys = ["resource_id", "client_id", "object_id", "principal_id"]

    static func identity(_ node: Yams.Node, _ reader: inout DefinitionReader) -> EndpointIdentity? {
        var identity = EndpointIdentity()
        for pair in reader.pairs(node, "identity") ?? [] {
            switch pair.key {
            case "type":
                guard let text = reader.string(pair.value, "identity.type") else { continue }
                if let kind = identityKind(text) {
                    identity.kind = kind
                } else {
                    reader.error(typeProblem(text), at: pair.value)
                }
            case "user_assigned_identities":
                identity.userAssignedIdentities = userAssigned(pair.value, &reader)
            case "principal_id", "tenant_id":
                reader.ignore("identity.\(pair.key)", at: pair.keyNode, reason: "it is assigned by Azure")
            default:
                reader.unknown(
                    pair.key, at: pair.keyNode, in: "identity",
                    known: ["type", "user_assigned_identities", "principal_id", "tenant_id"])
            }
        }
        return identity
    }

    /// `system_assigned` / `user_assigned` in any case, or Azure's camel case (`SystemAssigned`), as the CLI reads
    /// them (camel case to snake case, then compared).
    static func identityKind(_ text: String) -> EndpointIdentity.Kind? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == trimmed.uppercased() { return EndpointIdentity.Kind(rawValue: trimmed.lowercased()) }
        var snake = ""
        for (index, character) in trimmed.enumerated() {
            if character.isUppercase, index > 0, snake.last != "_" { snake.append("_") }
            snake.append(contentsOf: character.lowercased())
        }
        return EndpointIdentity.Kind(rawValue: snake)
    }

    private static func typeProblem(_ text: String) -> String {
        let allowed = "Flowgate endpoints take system_assigned or user_assigned"
        switch text.lowercased().replacingOccurrences(of: " ", with: "") {
        case "none":
            return "identity.type is '\(text)'; every Flowgate endpoint acts as an identity, so \(allowed) "
                + "(leave identity out for system_assigned)"
        case "system_assigned,user_assigned", "systemassigned,userassigned":
            return "identity.type is '\(text)'; an endpoint has one identity: \(allowed)"
        default:
            return "identity.type is '\(text.prefix(60))'; \(allowed)"
        }
    }

    private static func userAssigned(
        _ node: Yams.Node, _ reader: inout DefinitionReader
    ) -> [EndpointIdentity.UserAssigned] {
        let field = "identity.user_assigned_identities"
        switch node {
        case .scalar:
            guard let name = reader.string(node, field), !name.isEmpty else { return [] }
            return [.init(resourceID: name)]
        case .sequence(let list):
            reader.remember(field, node)
            return list.enumerated().compactMap { index, item in
                userAssignedEntry(item, "\(field)[\(index)]", &reader)
            }
        case .mapping:
            // ARM's spelling: resource id → {client_id, principal_id} (or nothing).
            return (reader.pairs(node, field) ?? []).compactMap { pair in
                var entry = EndpointIdentity.UserAssigned(resourceID: pair.key)
                if case .mapping = pair.value {
                    let ids = ids(pair.value, "\(field).\(pair.key)", &reader)
                    entry.clientID = ids["client_id"]
                    entry.objectID = ids["object_id"] ?? ids["principal_id"]
                } else if pair.value.null == nil {
                    reader.error(
                        "\(field).\(pair.key) must be a mapping of client_id and principal_id, or empty",
                        at: pair.value)
                    return nil
                }
                return entry
            }
        case .alias:
            reader.error("\(field) must be a list of identities, not an alias", at: node)
            return []
        }
    }

    /// One list entry: `{resource_id: …}` (or client_id / object_id / principal_id), or a bare name or resource id.
    private static func userAssignedEntry(
        _ item: Yams.Node, _ field: String, _ reader: inout DefinitionReader
    ) -> EndpointIdentity.UserAssigned? {
        switch item {
        case .mapping:
            let ids = ids(item, field, &reader)
            return .init(
                resourceID: ids["resource_id"], clientID: ids["client_id"],
                objectID: ids["object_id"] ?? ids["principal_id"])
        case .scalar:
            guard let name = reader.string(item, field) else { return nil }
            guard !name.isEmpty else {
                reader.error("\(field) is empty; name an identity (flowgate identity list)", at: item)
                return nil
            }
            return .init(resourceID: name)
        default:
            reader.error(
                "\(field) must be an identity name or a mapping such as {resource_id: /subscriptions/…/NAME}",
                at: item)
            return nil
        }
    }

    /// The id keys of one entry; any other key is reported with the ones it may have.
    private static func ids(_ node: Yams.Node, _ field: String, _ reader: inout DefinitionReader) -> [String: String] {
        var result: [String: String] = [:]
        for pair in reader.pairs(node, field) ?? [] {
            guard userAssignedKeys.contains(pair.key) else {
                reader.unknown(pair.key, at: pair.keyNode, in: field, known: userAssignedKeys)
                continue
            }
            if let value = reader.string(pair.value, "\(field).\(pair.key)") { result[pair.key] = value }
        }
        return result
    }
}

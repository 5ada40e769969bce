import FlowSpec
import Foundation
import Hummingbird
import Platform

/// Endpoints: create (202, provisioned by the reconciler), list, show, PATCH (description, tags, traffic —
/// live before the answer), delete (202), and the scoring keys.
extension ManagementAPI {
    /// The keys a PATCH may change; the others are fixed when the endpoint is created.
    static let patchableEndpointKeys: Set<String> = ["description", "tags", "traffic", "mirror_traffic"]

    func createEndpoint(_ request: APIRequest) async throws -> Response {
        let body = try await request.jsonObject()
        if (body["name"] ?? .null) == .null {
            throw APIError.badArgument(field: "name", "the endpoint needs a name")
        }
        let input = DefinitionInput(Self.identityNamesAsEntries(body))
        let definition: EndpointDefinition
        do {
            definition = try EndpointDefinition.parse(yaml: input.text, file: "request body")
        } catch {
            throw input.error(error)
        }
        var endpoint = definition.endpoint
        endpoint.provisioningState = .creating
        endpoint.failure = nil
        try await checkEndpointIdentity(endpoint)
        let operation = ProvisioningOperation(kind: .create, target: .init(endpoint: endpoint.name))
        let stored = try await controlPlane.store.createEndpoint(endpoint, keys: .generate(), operation: operation)
        try await createEndpointIdentity(stored)
        controlPlane.reconciler.wake()
        logger.info("endpoint created", metadata: ["endpoint": .string(stored.name)])
        var json = ResourceJSON.endpoint(stored, base: publicURL, latestOperation: operation.id)
        json["ignored_keys"] = .list(definition.ignored.map { .string($0.key) })
        return JSONBody.response(.object(json), status: .accepted)
    }

    func listEndpoints(_ request: APIRequest) async throws -> Response {
        let endpoints = try await controlPlane.store.endpoints()
        var values: [FlowValue] = []
        for endpoint in endpoints {
            values.append(.object(try await endpointJSON(endpoint)))
        }
        return JSONBody.list(values)
    }

    func showEndpoint(_ request: APIRequest) async throws -> Response {
        let endpoint = try await controlPlane.store.endpoint(named: request.path("endpoint"))
        return JSONBody.response(.object(try await endpointJSON(endpoint)))
    }

    func updateEndpoint(_ request: APIRequest) async throws -> Response {
        let name = request.path("endpoint")
        var patch = try await request.jsonObject()
        let fixed = patch.keys.filter { !Self.patchableEndpointKeys.contains($0) && $0 != "name" }
        if !fixed.isEmpty {
            throw APIError.badArgument(
                "PATCH changes only " + Self.patchableEndpointKeys.sorted().joined(separator: ", "),
                details: fixed.map { .init(field: $0, message: "cannot be changed after the endpoint is created") })
        }
        if let given = patch["name"], given != .string(name) {
            throw APIError.badArgument(field: "name", "the body names another endpoint than the path")
        }
        patch["name"] = nil
        let updated = try await retryingConflicts {
            let current = try await controlPlane.store.endpoint(named: name)
            if current.provisioningState == .deleting {
                throw APIError.conflict("endpoint '\(name)' is being deleted")
            }
            let input = DefinitionInput(MergePatch.apply(patch, to: ResourceJSON.writable(current)))
            let definition: EndpointDefinition
            do {
                definition = try EndpointDefinition.parse(yaml: input.text, file: "request body", name: name)
            } catch let error as DefinitionError {
                throw input.error(error)
            }
            var endpoint = current
            endpoint.description = definition.endpoint.description
            endpoint.tags = definition.endpoint.tags
            endpoint.traffic = definition.endpoint.traffic
            endpoint.mirrorTraffic = definition.endpoint.mirrorTraffic
            return try await controlPlane.store.updateEndpoint(endpoint, operation: nil)
        }
        // Traffic takes effect before the answer; the reconciler may also act on the new split.
        try await controlPlane.reconciler.refreshEndpoint(name)
        controlPlane.reconciler.wake()
        logger.info("endpoint updated", metadata: ["endpoint": .string(name)])
        return JSONBody.response(.object(try await endpointJSON(updated)))
    }

    func deleteEndpoint(_ request: APIRequest) async throws -> Response {
        let name = request.path("endpoint")
        let (deleting, operationID) = try await retryingConflicts { () async throws -> (Endpoint, String) in
            var endpoint = try await controlPlane.store.endpoint(named: name)
            if endpoint.provisioningState == .deleting {
                return (endpoint, try await latestOperation(endpoint: name, deployment: nil) ?? "")
            }
            endpoint.provisioningState = .deleting
            endpoint.failure = nil
            let operation = ProvisioningOperation(kind: .delete, target: .init(endpoint: name))
            return (try await controlPlane.store.updateEndpoint(endpoint, operation: operation), operation.id)
        }
        try await deleteEndpointIdentity(name)
        try await removeAssignments(atScope: "/endpoints/\(name)")
        controlPlane.reconciler.wake()
        logger.info("endpoint deletion requested", metadata: ["endpoint": .string(name)])
        let json = ResourceJSON.endpoint(deleting, base: publicURL, latestOperation: operationID)
        return JSONBody.response(.object(json), status: .accepted)
    }

    /// Key endpoints: both keys. Token endpoints: a fresh token with its expiry and refresh times (ISO 8601 UTC).
    func getCredentials(_ request: APIRequest) async throws -> Response {
        let endpoint = try await controlPlane.store.endpoint(named: request.path("endpoint"))
        if endpoint.authMode == .amlToken {
            guard let tokens = controlPlane.tokens else {
                throw APIError.internalError("this server has no token authority")
            }
            let issued = try await tokens.issue(endpoint: endpoint.name)
            let time = Date.ISO8601FormatStyle(timeZone: .gmt)
            return JSONBody.response([
                "accessToken": .string(issued.token), "expiryTimeUtc": .string(issued.expiry.formatted(time)),
                "refreshAfterTimeUtc": .string(issued.refreshAfter.formatted(time)), "tokenType": "Bearer",
            ])
        }
        let keys = try await controlPlane.store.endpointKeys(named: endpoint.name)
        return JSONBody.response(["primaryKey": .string(keys.primary), "secondaryKey": .string(keys.secondary)])
    }

    func regenerateKeys(_ request: APIRequest) async throws -> Response {
        let name = request.path("endpoint")
        let body = try await request.jsonObject()
        for key in body.keys where key != "key_type" && key != "key_value" {
            throw APIError.badArgument(field: key, "is not a key of this request; it takes key_type and key_value")
        }
        let slot: EndpointKeys.Slot
        switch body["key_type"] {
        case nil, .null?: slot = .primary
        case .string(let text)?:
            guard let parsed = EndpointKeys.Slot(rawValue: text.lowercased()) else {
                throw APIError.badArgument(field: "key_type", "'\(text.prefix(40))' is neither primary nor secondary")
            }
            slot = parsed
        case let other?:
            throw APIError.badArgument(field: "key_type", "must be \"primary\" or \"secondary\", not \(other.kindName)")
        }
        let key: String
        switch body["key_value"] {
        case nil, .null?: key = EndpointKeys.generateKey()
        case .string(let text)?:
            try EndpointKeys.validateGivenKey(text, field: "key_value")
            key = text
        case let other?:
            throw APIError.badArgument(field: "key_value", "must be text, not \(other.kindName)")
        }
        if try await controlPlane.store.endpoint(named: name).authMode == .amlToken {
            throw APIError.badArgument(
                "endpoint '\(name)' uses aml_token auth and has no keys to regenerate; get-credentials issues a "
                    + "fresh token instead")
        }
        _ = try await controlPlane.store.setEndpointKey(slot, to: key, endpoint: name)
        // The old key must be refused once this answers.
        try await controlPlane.reconciler.refreshEndpoint(name)
        logger.info("endpoint key regenerated", metadata: ["endpoint": .string(name), "slot": .string(slot.rawValue)])
        return Response(status: .noContent)
    }

    var publicURL: URL { controlPlane.configuration.publicURL }

    /// An endpoint's JSON with its newest operation.
    func endpointJSON(_ endpoint: Endpoint) async throws -> FlowObject {
        ResourceJSON.endpoint(
            endpoint, base: publicURL,
            latestOperation: try await latestOperation(endpoint: endpoint.name, deployment: nil))
    }

    /// The newest operation on the endpoint itself (`deployment` nil) or on one of its deployments.
    func latestOperation(endpoint: String, deployment: String?) async throws -> String? {
        try await controlPlane.store.latestOperationID(endpoint: endpoint, deployment: deployment)
    }
}

import FlowSpec
import Foundation
import Hummingbird
import Platform

/// Deployments: create and PATCH (202; the reconciler provisions them), list, show, delete (202; 409 while the
/// deployment takes live traffic) and the last lines of its instances' logs.
extension ManagementAPI {
    /// Settings records a PATCH merges field by field.
    static let deploymentRecords: Set<String> = ["request_settings", "liveness_probe", "readiness_probe"]

    func createDeployment(_ request: APIRequest) async throws -> Response {
        let endpointName = request.path("endpoint")
        var body = try await request.jsonObject()
        let variant = try resolveRun(&body)
        let endpoint = try await controlPlane.store.endpoint(named: endpointName)
        if endpoint.provisioningState == .deleting {
            throw APIError.conflict("endpoint '\(endpointName)' is being deleted")
        }
        var (deployment, ignored) = try await readDeployment(body, endpoint: endpointName)
        if let variant { deployment.variant = variant }
        deployment.provisioningState = .creating
        deployment.failure = nil
        let operation = ProvisioningOperation(
            kind: .create, target: .init(endpoint: endpointName, deployment: deployment.name))
        let stored = try await controlPlane.store.createDeployment(deployment, operation: operation)
        controlPlane.reconciler.wake()
        logger.info(
            "deployment created", metadata: ["endpoint": .string(endpointName), "deployment": .string(stored.name)])
        var json = ResourceJSON.deployment(stored, latestOperation: operation.id)
        json["ignored_keys"] = .list(ignored.map { .string($0.key) })
        return JSONBody.response(.object(json), status: .accepted)
    }

    func listDeployments(_ request: APIRequest) async throws -> Response {
        let endpointName = request.path("endpoint")
        _ = try await controlPlane.store.endpoint(named: endpointName)
        let deployments = try await controlPlane.store.deployments(endpoint: endpointName)
        let operations = try await controlPlane.store.operations(endpoint: endpointName, limit: 500)
        return JSONBody.list(
            deployments.map { deployment in
                let latest = operations.first { $0.target.deployment == deployment.name }?.id
                return .object(ResourceJSON.deployment(deployment, latestOperation: latest))
            })
    }

    func showDeployment(_ request: APIRequest) async throws -> Response {
        let endpointName = request.path("endpoint")
        let deployment = try await controlPlane.store.deployment(request.path("deployment"), endpoint: endpointName)
        let latest = try await latestOperation(endpoint: endpointName, deployment: deployment.name)
        return JSONBody.response(.object(ResourceJSON.deployment(deployment, latestOperation: latest)))
    }

    func updateDeployment(_ request: APIRequest) async throws -> Response {
        let endpointName = request.path("endpoint")
        let name = request.path("deployment")
        var patch = try await request.jsonObject()
        for (key, expected) in [("name", name), ("endpoint_name", endpointName)] {
            if let given = patch[key], given != .string(expected) {
                throw APIError.badArgument(field: key, "the body names another \(key) than the path")
            }
            patch[key] = nil
        }
        // `snapshot_id: null` (or `model: null`) names no new flow.
        for key in ["model", "snapshot_id"] where patch[key] == .null { patch[key] = nil }
        let variant = try resolveRun(&patch)
        let (stored, operationID) = try await retryingConflicts { () async throws -> (Deployment, String) in
            let current = try await controlPlane.store.deployment(name, endpoint: endpointName)
            guard current.provisioningState.isTerminal else {
                throw APIError.conflict(
                    "deployment '\(name)' is \(current.provisioningState.rawValue); change it once that has finished")
            }
            var base = ResourceJSON.writable(current)
            // A new flow replaces the old one, whichever way the old one was given.
            if patch["model"] != nil || patch["snapshot_id"] != nil {
                base["model"] = nil
                base["snapshot_id"] = nil
            }
            var (deployment, _) = try await readDeployment(
                MergePatch.apply(patch, to: base, records: Self.deploymentRecords), endpoint: endpointName,
                checkingFlow: patch["model"] != nil || patch["snapshot_id"] != nil)
            if patch["model"] == nil, patch["snapshot_id"] == nil {
                // The same flow: keep the snapshot it runs, so the update does not pick up later edits of the folder.
                deployment.flowPath = current.flowPath
                deployment.snapshotID = current.snapshotID
            }
            deployment.variant = variant ?? current.variant
            deployment.createdAt = current.createdAt
            deployment.version = current.version
            deployment.provisioningState = .updating
            deployment.failure = nil
            let operation = ProvisioningOperation(
                kind: .update, target: .init(endpoint: endpointName, deployment: name))
            return (try await controlPlane.store.updateDeployment(deployment, operation: operation), operation.id)
        }
        controlPlane.reconciler.wake()
        logger.info("deployment updated", metadata: ["endpoint": .string(endpointName), "deployment": .string(name)])
        return JSONBody.response(
            .object(ResourceJSON.deployment(stored, latestOperation: operationID)), status: .accepted)
    }

    func deleteDeployment(_ request: APIRequest) async throws -> Response {
        let endpointName = request.path("endpoint")
        let name = request.path("deployment")
        let (stored, operationID) = try await retryingConflicts { () async throws -> (Deployment, String) in
            let endpoint = try await controlPlane.store.endpoint(named: endpointName)
            var deployment = try await controlPlane.store.deployment(name, endpoint: endpointName)
            for (kind, split) in [("live", endpoint.traffic), ("mirrored", endpoint.mirrorTraffic)] {
                if let percent = split[name], percent > 0 {
                    let field = kind == "live" ? "traffic.\(name)" : "mirror_traffic.\(name)"
                    throw APIError.conflict(
                        "deployment '\(name)' takes \(percent) % of the endpoint's \(kind) traffic; "
                            + "set it to 0 before deleting the deployment",
                        details: [
                            .init(field: field, message: "\(percent) % must be 0 before the deployment is deleted")
                        ])
                }
            }
            if deployment.provisioningState == .deleting {
                return (deployment, try await latestOperation(endpoint: endpointName, deployment: name) ?? "")
            }
            deployment.provisioningState = .deleting
            deployment.failure = nil
            let operation = ProvisioningOperation(
                kind: .delete, target: .init(endpoint: endpointName, deployment: name))
            return (try await controlPlane.store.updateDeployment(deployment, operation: operation), operation.id)
        }
        controlPlane.reconciler.wake()
        logger.info(
            "deployment deletion requested", metadata: ["endpoint": .string(endpointName), "deployment": .string(name)])
        return JSONBody.response(
            .object(ResourceJSON.deployment(stored, latestOperation: operationID)), status: .accepted)
    }

    /// The last lines of the deployment's logs (one instance's with `instance`), merged by time; with
    /// `follow=true` the answer stays open and each new line follows as it is written, until the client goes,
    /// the deployment is deleted or the server stops.
    func deploymentLogs(_ request: APIRequest) async throws -> Response {
        let endpointName = request.path("endpoint")
        let name = request.path("deployment")
        let count = try request.query("lines", range: 1...10_000, fallback: 100)
        let instance = request.query("instance").flatMap { $0.isEmpty ? nil : $0 }
        let follow = try request.flag("follow")
        _ = try await controlPlane.store.deployment(name, endpoint: endpointName)
        let log = controlPlane.reconciler.deploymentLog(endpoint: endpointName, deployment: name)
        let headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-cache"]
        guard follow else {
            let lines = await log.tail(count, source: instance)
            let text = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        let (tail, lines) = await log.follow(count, source: instance)
        do {
            _ = try await controlPlane.store.deployment(name, endpoint: endpointName)
        } catch StoreError.notFound {
            // Deleted between the first read and joining: the delete may have closed the log before this made it.
            await controlPlane.reconciler.dropLog(endpoint: endpointName, deployment: name)
        }
        let channel = request.channel
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                // The lines through a stream this answer can end when its client goes: the pump's cancellation
                // then lets the follower go at once, not at the next line written.
                let (forwarded, forward) = AsyncStream.makeStream(of: String.self)
                let pump = Task {
                    for await line in lines { forward.yield(line) }
                    forward.finish()
                }
                forward.onTermination = { _ in pump.cancel() }
                let watcher = ClientGoneHandler { forward.finish() }
                try? await channel?.pipeline.addHandler(watcher, position: .first).get()
                defer { _ = channel?.pipeline.removeHandler(watcher) }
                if !tail.isEmpty { try await writer.write(ByteBuffer(string: tail.joined(separator: "\n") + "\n")) }
                for await line in forwarded { try await writer.write(ByteBuffer(string: line + "\n")) }
                try await writer.finish(nil)
            })
    }

    /// A deployment from a JSON body through `DeploymentDefinition` (one parser for YAML and JSON). `model` is an
    /// absolute folder on the server, or `snapshot_id` names an uploaded snapshot; either is checked to exist.
    private func readDeployment(
        _ body: FlowObject, endpoint: String, checkingFlow: Bool = true
    ) async throws -> (Deployment, [IgnoredKey]) {
        var body = body
        for (field, message) in [("name", "the deployment needs a name")]
        where body[field] == nil || body[field] == .null {
            throw APIError.badArgument(field: field, message)
        }
        if (body["model"] ?? .null) == .null, (body["snapshot_id"] ?? .null) == .null {
            throw APIError.badArgument(
                field: "model", "name the flow: model (its folder's absolute path on the server) or snapshot_id")
        }
        if let given = body["endpoint_name"], given != .string(endpoint) {
            throw APIError.badArgument(field: "endpoint_name", "the body names another endpoint than the path")
        }
        var snapshotID: String?
        switch body["snapshot_id"] {
        case nil, .null?: break
        case .string(let id)?:
            guard body["model"] == nil else {
                throw APIError.badArgument(
                    field: "snapshot_id", "give either model (a folder on the server) or snapshot_id, not both")
            }
            guard FlowSnapshot.isValidID(id), let folder = controlPlane.snapshots.folder(of: id) else {
                throw APIError.badArgument(field: "snapshot_id", "'\(id.prefix(80))' is not a snapshot id")
            }
            if checkingFlow {
                do {
                    _ = try await controlPlane.store.snapshot(id: id)
                } catch StoreError.notFound {
                    throw APIError.badArgument(
                        field: "snapshot_id", "no snapshot '\(id)'; upload it with POST /api/v1/snapshots")
                }
            }
            snapshotID = id
            // The reader wants a flow folder; the snapshot's folder is that flow.
            body["model"] = .string(folder.path)
        case let other?:
            throw APIError.badArgument(field: "snapshot_id", "must be text, not \(other.kindName)")
        }
        body["snapshot_id"] = nil
        if snapshotID == nil, checkingFlow, let path = Self.modelPath(body["model"]), !path.hasPrefix("azureml:"),
            !path.hasPrefix("/")
        {
            throw APIError.badArgument(
                field: "model", "'\(path.prefix(200))' is relative; give the flow folder's absolute path on the server")
        }
        let input = DefinitionInput(body)
        let definition: DeploymentDefinition
        do {
            definition = try DeploymentDefinition.parse(yaml: input.text, file: "request body", endpointName: endpoint)
        } catch {
            throw input.error(error)
        }
        var deployment = definition.deployment
        if let snapshotID {
            deployment.flowPath = nil
            deployment.snapshotID = snapshotID
        } else if checkingFlow, let path = deployment.flowPath {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw APIError.badArgument(field: "model", "'\(path.prefix(200))' is not a folder on the server")
            }
        }
        return (deployment, definition.ignored)
    }

    /// The path of `model: "/flow"` or `model: {path: "/flow"}`.
    private static func modelPath(_ value: FlowValue?) -> String? {
        switch value {
        case .string(let path)?: path
        case .object(let object)?: object["path"]?.stringValue
        default: nil
        }
    }
}

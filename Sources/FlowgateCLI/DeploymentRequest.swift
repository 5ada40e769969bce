import FlowSpec
import Foundation
import Platform

/// A deployment create or update as the flags and file describe it, before the flow is uploaded: the deployment,
/// the keys to send, the flow folder to upload (if any) and the file's ignored keys.
struct DeploymentRequest {
    var deployment: Deployment
    var keys: Set<String>
    /// The local flow folder to upload as a snapshot; `nil` when the flow does not change.
    var flowFolder: String?
    var ignored: [IgnoredKey]
    var settings: [String]
    /// A completed server run whose snapshot and variant are deployed (the server resolves it).
    var run: String?
    /// `${node.variant_id}` to deploy.
    var variant: String?

    /// Reads `-f` (if given) and applies the flags over it; `create` needs a flow, an update may leave it.
    init(_ options: DeploymentOptions, creating: Bool) throws {
        ignored = []
        settings = options.settings
        if let file = options.file {
            let contents = try DeploymentFile.load(
                path: file, name: options.name, endpointName: options.endpointName, flow: options.flow,
                requireFlow: creating && options.run == nil)
            deployment = contents.deployment
            keys = contents.keys.subtracting(["$schema"])
            ignored = contents.ignored
        } else {
            deployment = Deployment(
                endpointName: options.endpointName ?? "", name: options.name ?? "",
                flowPath: options.flow.map(DeploymentFile.absolute))
            keys = options.flow == nil ? [] : ["model"]
        }
        if let flow = options.flow { deployment.flowPath = DeploymentFile.absolute(flow) }
        flowFolder = keys.contains("model") ? deployment.flowPath : nil
        keys.remove("model")
        if creating { keys.formUnion(["name", "endpoint_name"]) } else { keys.subtract(["name", "endpoint_name"]) }
        if let count = options.instanceCount {
            deployment.instanceCount = count
            keys.insert("instance_count")
        }
        if let description = options.description {
            deployment.description = description
            keys.insert("description")
        }
        if let file = options.requirementsFile {
            guard options.flowRequirements == false else {
                throw CLIError("give either --requirements-file or --flow-requirements, not both.")
            }
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
            else { throw CLIError("cannot read \(file) (a UTF-8 requirements file).") }
            deployment.customRequirements = text
            keys.insert("environment")
        } else if options.flowRequirements {
            deployment.customRequirements = nil
            keys.insert("environment")
        }
        if !options.tags.isEmpty {
            deployment.tags.merge(try KeyValueArguments.strings(options.tags, flag: "--tags")) { $1 }
            keys.insert("tags")
        }
        guard !deployment.name.isEmpty else {
            throw CLIError("give the deployment's name: --name NAME or name: in -f.")
        }
        guard !deployment.endpointName.isEmpty else {
            throw CLIError("give the endpoint: --endpoint-name NAME or endpoint_name: in -f.")
        }
        run = options.run
        variant = options.variant
        if run != nil, options.flow != nil {
            throw CLIError("give either --run (a run's flow) or --flow, not both.")
        }
        if run != nil { flowFolder = nil }
        if creating, flowFolder == nil, run == nil {
            throw CLIError("give the flow folder: --flow PATH or model: in -f (or --run RUN).")
        }
    }

    /// The request body once the flow is uploaded as `snapshotID` (when there was a flow to upload).
    func body(snapshotID: String?) throws -> FlowObject {
        var deployment = deployment
        var keys = keys
        if let snapshotID {
            deployment.snapshotID = snapshotID
            keys.insert("snapshot_id")
        }
        var body = ResourceJSON.deployment(deployment, keys: keys)
        if let run { body["run"] = .string(run) }
        if let variant { body["variant"] = .string(variant) }
        try KeyValueArguments.apply(settings, to: &body)
        return body
    }

    /// Uploads the flow folder (if any) and returns its snapshot id.
    func upload(with client: ManagementClient) async throws -> String? {
        guard let flowFolder else { return nil }
        return try await client.uploadFlow(folder: flowFolder)
    }

    var path: String {
        "/endpoints/\(PathSegment.escape(deployment.endpointName))/deployments/\(PathSegment.escape(deployment.name))"
    }
}

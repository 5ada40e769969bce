import FlowSpec
import Foundation
import Yams

/// A deployment read from Azure ML's online deployment YAML (`name`, `endpoint_name`, `model`, `instance_count`,
/// `environment_variables`, `request_settings`, probes, `tags`) plus Flowgate's `outputs` and `connection_overrides`,
/// and `environment: {requirements: "..."}`: a requirements text built instead of the flow's requirements.txt
/// (Azure's own environment keys — an `azureml:` reference, `image`, `conda_file`, `build` — are ignored).
public struct DeploymentDefinition: Sendable {
    /// The deployment; its `flowPath` is absolute (a relative `model` path is taken from the YAML file's folder).
    public let deployment: Deployment
    /// The top-level keys the file sets, so a declarative update changes only those.
    public let keys: Set<String>
    public let ignored: [IgnoredKey]

    static let handledKeys = [
        "name", "endpoint_name", "description", "model", "instance_count", "environment_variables",
        "request_settings", "liveness_probe", "readiness_probe", "tags", "outputs", "connection_overrides",
        "instance_runtime", "environment",
    ]
    static let azureOnlyKeys: [String: String] = [
        "instance_type": "instances run in the server's process",
        "app_insights_enabled": "telemetry goes to /metrics and OTLP",
        "code_configuration": "a flow needs no scoring script", "scale_settings": "instance_count sets the scale",
        "egress_public_network_access": "Flowgate does not isolate networks",
        "private_network_connection": "Flowgate does not isolate networks", "data_collector": "traces are kept locally",
        "model_mount_path": "the flow is read from its snapshot", "type": "deployments are always local",
        "id": "Azure assigns resource ids", "properties": "Flowgate reads no deployment property",
        "provisioning_state": "it is set by the server", "resources": "Kubernetes resources are Azure's",
        "creation_context": "it is set by the server",
    ]

    /// Reads the file at `path`; `name` and `endpointName` (from flags) replace the file's.
    public static func load(
        path: String, name: String? = nil, endpointName: String? = nil
    ) throws(DefinitionError) -> DeploymentDefinition {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try parse(
            yaml: try DefinitionReader.text(atPath: path), file: path, baseDirectory: folder, name: name,
            endpointName: endpointName)
    }

    /// Reads YAML text; `file` names it in messages and a relative `model` path is resolved from `baseDirectory`.
    public static func parse(
        yaml: String, file: String = "deployment.yaml",
        baseDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        name: String? = nil, endpointName: String? = nil
    ) throws(DefinitionError) -> DeploymentDefinition {
        let root = try DefinitionReader.root(of: yaml, file: file)
        var reader = DefinitionReader(file: file)
        var deployment = Deployment(endpointName: endpointName ?? "", name: name ?? "")
        var keys: Set<String> = []
        for pair in reader.pairs(root, "deployment") ?? [] {
            keys.insert(pair.key)
            let value = pair.value
            switch pair.key {
            case "$schema": break
            case "name": if let text = reader.string(value, "name"), name == nil { deployment.name = text }
            case "endpoint_name":
                if let text = reader.string(value, "endpoint_name"), endpointName == nil {
                    deployment.endpointName = text
                }
            case "description": deployment.description = reader.string(value, "description")
            case "model": deployment.flowPath = flowPath(value, baseDirectory, &reader)
            case "instance_count": deployment.instanceCount = reader.int(value, "instance_count") ?? 1
            case "environment_variables":
                deployment.environmentVariables = reader.stringMap(value, "environment_variables") ?? [:]
            case "request_settings": deployment.requestSettings = requestSettings(value, &reader)
            case "liveness_probe": deployment.livenessProbe = probe(value, "liveness_probe", &reader)
            case "readiness_probe": deployment.readinessProbe = probe(value, "readiness_probe", &reader)
            case "tags": deployment.tags = reader.stringMap(value, "tags") ?? [:]
            case "outputs": deployment.outputs = reader.stringList(value, "outputs") ?? []
            case "connection_overrides":
                deployment.connectionOverrides = reader.stringMap(value, "connection_overrides") ?? [:]
            case "instance_runtime":
                guard let text = reader.string(value, "instance_runtime") else { break }
                if let runtime = Deployment.InstanceRuntime(rawValue: text) {
                    deployment.instanceRuntime = runtime
                } else {
                    reader.error("instance_runtime '\(text.prefix(40))' is not in_process or process", at: value)
                }
            case "environment": deployment.customRequirements = customRequirements(value, &reader)
            default:
                if let reason = azureOnlyKeys[pair.key] {
                    reader.ignore(pair.key, at: pair.keyNode, reason: reason)
                } else {
                    reader.unknown(
                        pair.key, at: pair.keyNode, in: "a deployment", known: handledKeys + azureOnlyKeys.keys)
                }
            }
        }
        for (key, present) in [("name", !deployment.name.isEmpty), ("endpoint_name", !deployment.endpointName.isEmpty)]
        where !present && !keys.contains(key) {
            reader.error("the deployment needs \(key)", at: root)
        }
        if !keys.contains("model") {
            reader.error("the deployment needs the flow folder (model: path/to/flow)", at: root)
        }
        if reader.diagnostics.isEmpty {
            do { try deployment.validate() } catch { reader.add(error) }
        }
        try reader.throwIfAny()
        return DeploymentDefinition(deployment: deployment, keys: keys, ignored: reader.ignored)
    }

    /// `model: ./flow` or `model: {path: ./flow, …}`; registered Azure models (`azureml:…`) cannot be fetched.
    private static func flowPath(_ node: Yams.Node, _ base: URL, _ reader: inout DefinitionReader) -> String? {
        var pathNode = node
        if case .mapping = node {
            guard let pairs = reader.pairs(node, "model") else { return nil }
            guard let path = pairs.first(where: { $0.key == "path" }) else {
                reader.error("model needs a path to the flow folder (model: {path: ./flow})", at: node)
                return nil
            }
            for pair in pairs where pair.key != "path" {
                reader.ignore("model.\(pair.key)", at: pair.keyNode, reason: "the flow folder itself is deployed")
            }
            pathNode = path.value
        }
        guard let text = reader.string(pathNode, "model") else { return nil }
        if text.hasPrefix("azureml:") {
            reader.error(
                "model '\(text)' is a registered Azure ML model; give the flow folder's path instead", at: pathNode)
            return nil
        }
        let url = text.hasPrefix("/") ? URL(fileURLWithPath: text) : base.appendingPathComponent(text)
        return url.standardizedFileURL.path
    }

    /// `environment: {requirements: "text"}`; `null`, an `azureml:` reference or Azure's image/conda keys leave the
    /// flow's requirements.txt in use (the latter are reported as ignored).
    private static func customRequirements(_ node: Yams.Node, _ reader: inout DefinitionReader) -> String? {
        let azure = "the environment is built from the flow's requirements.txt or environment.requirements"
        switch node {
        case .scalar where node.null != nil: return nil
        case .scalar:
            reader.ignore("environment", at: node, reason: azure)
            return nil
        default: break
        }
        var text: String?
        let azureKeys = [
            "name", "version", "image", "conda_file", "build", "description", "tags", "inference_config", "os_type",
        ]
        for pair in reader.pairs(node, "environment") ?? [] {
            if pair.key == "requirements" {
                if pair.value.null == nil { text = reader.string(pair.value, "environment.requirements") }
            } else if azureKeys.contains(pair.key) {
                reader.ignore("environment.\(pair.key)", at: pair.keyNode, reason: azure)
            } else {
                reader.unknown(pair.key, at: pair.keyNode, in: "environment", known: ["requirements"] + azureKeys)
            }
        }
        return text
    }

    private static func requestSettings(_ node: Yams.Node, _ reader: inout DefinitionReader) -> RequestSettings {
        var settings = RequestSettings()
        let known = ["request_timeout_ms", "max_concurrent_requests_per_instance", "max_queue_wait_ms"]
        for pair in reader.pairs(node, "request_settings") ?? [] {
            let field = "request_settings.\(pair.key)"
            switch pair.key {
            case "request_timeout_ms":
                settings.requestTimeoutMS = reader.int(pair.value, field) ?? settings.requestTimeoutMS
            case "max_concurrent_requests_per_instance":
                settings.maxConcurrentRequestsPerInstance =
                    reader.int(pair.value, field) ?? settings.maxConcurrentRequestsPerInstance
            case "max_queue_wait_ms": settings.maxQueueWaitMS = reader.int(pair.value, field) ?? settings.maxQueueWaitMS
            default: reader.unknown(pair.key, at: pair.keyNode, in: "request_settings", known: known)
            }
        }
        return settings
    }

    private static func probe(_ node: Yams.Node, _ name: String, _ reader: inout DefinitionReader) -> ProbeSettings {
        var probe = ProbeSettings()
        let fields: [(String, WritableKeyPath<ProbeSettings, Int>)] = [
            ("initial_delay", \.initialDelay), ("period", \.period), ("timeout", \.timeout),
            ("success_threshold", \.successThreshold), ("failure_threshold", \.failureThreshold),
        ]
        for pair in reader.pairs(node, name) ?? [] {
            guard let path = fields.first(where: { $0.0 == pair.key })?.1 else {
                reader.unknown(pair.key, at: pair.keyNode, in: name, known: fields.map(\.0))
                continue
            }
            if let value = reader.int(pair.value, "\(name).\(pair.key)") { probe[keyPath: path] = value }
        }
        return probe
    }
}

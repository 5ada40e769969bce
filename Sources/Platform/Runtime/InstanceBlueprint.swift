import FlowEngine
import FlowServer
import FlowSpec
import Foundation
import Logging
import Telemetry

/// Everything the instances of one deployment generation are started from, worked out once by the reconciler:
/// the flow loaded from its snapshot (connection overrides applied), the interpreter of its environment, the
/// variables its workers get, its connections and how its `FlowServer` is configured.
struct InstanceBlueprint: Sendable {
    let endpoint: String
    let deployment: String
    let flow: Flow
    /// The interpreter of the flow's environment (a venv from its requirements, or the base python).
    let python: URL
    /// Each worker's environment: the server's (as the control plane was configured, not this process's own),
    /// the deployment's variables over it, then the flow's `environment_variables` where neither sets them.
    let workerEnvironment: [String: String]
    /// The store's connections with the deployment's mapping, resolved as promptflow does (environment overrides
    /// read from the instance's environment, not this process's).
    let connections: any ConnectionProvider
    let server: FlowServerConfiguration
    let pythonWorkers: Int
    /// The deployment's log (instances write their lines into it).
    let ring: DeploymentLog
    /// The telemetry whose registry every instance's metrics share.
    let metrics: ServingTelemetry
    /// Whether `/metrics` shows the instances' CPU and memory (the endpoint identity holds `metrics/write`).
    let resourceMetrics: ResourceMetricsGate

    /// Whether the flow runs Python (tools, a flex entry, package tools) and so needs a worker pool.
    var needsPython: Bool {
        if !flow.pythonTools.isEmpty || flow.kind == .flex { return true }
        return flow.allNodeDefinitions.contains { node in
            switch node.source {
            case .package?, .packageWithPrompt?: true
            default: false
            }
        }
    }

    /// The `FlowServer` settings of a deployment: its outputs, its request timeout as the line timeout, and an
    /// admission generous enough that only the gateway's limits (2 × concurrency × instances) ever apply.
    static func serverConfiguration(for deployment: Deployment) -> FlowServerConfiguration {
        FlowServerConfiguration(
            host: "127.0.0.1", port: 0,
            limits: FlowServerLimits(
                lineTimeoutSeconds: Double(deployment.requestSettings.requestTimeoutMS) / 1000,
                maxConcurrentRuns: max(64, 4 * deployment.requestSettings.maxConcurrentRequestsPerInstance),
                maxQueuedRuns: 1024),
            includedFields: deployment.outputs.isEmpty ? nil : deployment.outputs)
    }

    /// The variables a deployment's workers get on top of `server` (the server's environment): the deployment's
    /// own, then the flow's where unset (lists and objects as Python's `json.dumps`, scalars as `str`).
    static func workerEnvironment(
        flow: Flow, deployment: [String: String], server: [String: String]
    ) -> [String: String] {
        let current = server.merging(deployment) { $1 }
        var result = deployment
        for (name, value) in FlowServeEnvironment.assignments(flow: flow, overrides: [], current: current) {
            result[name] = value
        }
        return result
    }

    /// A logger writing into the deployment's log as `source`.
    func logger(source: String) -> Logger {
        let log = self.ring
        var logger = Logger(label: "flowgate.instance") { _ in DeploymentLogHandler(log: log, source: source) }
        logger.logLevel = .info
        return logger
    }
}

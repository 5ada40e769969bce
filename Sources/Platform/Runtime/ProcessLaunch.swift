import Foundation
import NIOCore

/// How the children of a process instance are started and watched: the `flowgate` executable, the snapshot folder,
/// the `flow serve` options and environment, the liveness probe and the bounds on starting and stopping.
struct ProcessLaunch: Sendable {
    var executable: URL
    var folder: URL
    /// `flow serve` options after `--port` (`--line-timeout`, `--workers`, …).
    var arguments: [String]
    var environment: [String: String]
    var liveness: ProbeSettings
    /// How long one proxied request may take, the line timeout with a margin.
    var requestDeadline: TimeAmount
    /// How long a child may take to answer `/health` after it is spawned.
    var startupLimit: Duration = .seconds(180)
    var stopGrace: Duration = .seconds(5)
    /// Where the children's output lines go: (instance id, line).
    var log: @Sendable (String, String) -> Void

    /// The child's hidden `flow serve` options that make it serve the flow as an in-process instance would: the
    /// deployment's variant and its connection overrides (sorted, so a launch is the same from one run to the next).
    static func deploymentFlowArguments(_ deployment: Deployment) -> [String] {
        var arguments: [String] = []
        if let variant = deployment.variant { arguments += ["--variant", variant] }
        for (key, connection) in deployment.connectionOverrides.sorted(by: { $0.key < $1.key }) {
            arguments += ["--connection-override", "\(key)=\(connection)"]
        }
        return arguments
    }

    /// The launch of a deployment's instances from its blueprint. `dataDirectory` is the server's: the children read
    /// its connection store and reuse the venv the reconciler built in its `envs`.
    static func from(
        blueprint: InstanceBlueprint, deployment: Deployment, executable: URL, dataDirectory: URL
    ) -> ProcessLaunch {
        let lineTimeout = Double(deployment.requestSettings.requestTimeoutMS) / 1000
        var environment = blueprint.workerEnvironment
        environment["FLOWGATE_PYTHON"] = blueprint.python.path
        if !deployment.outputs.isEmpty,
            let data = try? JSONSerialization.data(withJSONObject: deployment.outputs),
            let text = String(data: data, encoding: .utf8)
        {
            environment["PROMPTFLOW_RESPONSE_INCLUDED_FIELDS"] = text
        } else {
            environment["PROMPTFLOW_RESPONSE_INCLUDED_FIELDS"] = nil
        }
        let limits = blueprint.server.limits
        var arguments = [
            "--line-timeout", String(lineTimeout), "--workers", String(blueprint.pythonWorkers),
            "--max-concurrent-runs", String(limits.maxConcurrentRuns), "--max-queued-runs",
            String(limits.maxQueuedRuns), "--data-dir", dataDirectory.path,
            // A child must not outlive a server that was killed without a chance to stop it.
            "--exit-with-parent",
        ]
        arguments += deploymentFlowArguments(deployment)
        let log = blueprint.ring
        return ProcessLaunch(
            executable: executable, folder: blueprint.flow.directory, arguments: arguments,
            environment: environment, liveness: deployment.livenessProbe,
            requestDeadline: .milliseconds(Int64(deployment.requestSettings.requestTimeoutMS) + 30_000),
            log: { source, line in log.append(source: source, text: line) })
    }
}

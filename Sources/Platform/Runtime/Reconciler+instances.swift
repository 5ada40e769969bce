import FlowEngine
import FlowServer
import Foundation
import Logging

extension Reconciler {
    /// Starts `instance_count` instances; a failure stops the ones already started.
    func startInstances(
        _ run: ProvisioningRun, blueprint: InstanceBlueprint
    ) async throws(ProvisioningAbort) -> [any ProvisionedInstance] {
        let stage = OperationStage.instancesStarted
        try await run.begin(stage)
        var started: [any ProvisionedInstance] = []
        for index in 0..<run.deployment.instanceCount {
            do {
                let instance = try await startInstance(
                    id: "\(run.key.name)-\(index)", blueprint: blueprint, deployment: run.deployment)
                state.withLock { $0.instancesStarted += 1 }
                started.append(instance)
            } catch {
                for instance in started { instance.stop() }
                // Cancelled (a newer change, a delete): the start was cut short, the flow is not at fault.
                if Task.isCancelled { throw .superseded }
                throw .failed(Self.failure(starting: error))
            }
            if Task.isCancelled {
                for instance in started { instance.stop() }
                throw .superseded
            }
        }
        let kind = run.deployment.instanceRuntime == .process ? "process" : "in-process"
        await run.end(stage, message: "\(started.count) \(kind) instance(s)")
        return started
    }

    /// One instance in the deployment's runtime: in this process, or a `flowgate flow serve` child.
    private func startInstance(
        id: String, blueprint: InstanceBlueprint, deployment: Deployment
    ) async throws -> any ProvisionedInstance {
        switch deployment.instanceRuntime {
        case .inProcess:
            return try await InProcessInstance.start(id: id, blueprint: blueprint)
        case .process:
            guard let executable = ProcessExecutable.locate(environment: environment) else {
                throw ProcessInstanceError(message: "no flowgate executable found (set FLOWGATE_EXECUTABLE)")
            }
            let launch = ProcessLaunch.from(
                blueprint: blueprint, deployment: deployment, executable: executable,
                dataDirectory: environmentsDirectory.deletingLastPathComponent())
            return try await ProcessInstance.start(id: id, launch: launch, logger: blueprint.logger(source: id))
        }
    }

    /// Why an instance did not start, as a provisioning failure: a missing connection, a flow the engine refuses
    /// (the user's), or Flowgate's own trouble.
    static func failure(starting error: any Error) -> ProvisioningFailure {
        switch error {
        case ConnectionError.notFound(let name):
            return ProvisioningFailure(
                code: ProvisioningFailure.connectionNotFound, message: "connection '\(name)' does not exist")
        case let error as ConnectionError:
            return ProvisioningFailure(code: ProvisioningFailure.badArgument, message: error.description)
        case let error as FlowRunError where error.kind == .user:
            let node = error.node.map { "node '\($0)': " } ?? ""
            return ProvisioningFailure(code: ProvisioningFailure.badArgument, message: node + error.message)
        case let error as ProcessInstanceError:
            return ProvisioningFailure(code: ProvisioningFailure.internalError, message: error.message)
        case let error as FlowServerConfigurationError:
            return ProvisioningFailure(code: ProvisioningFailure.badArgument, message: error.description)
        default:
            return ProvisioningFailure(
                code: ProvisioningFailure.internalError, message: "an instance did not start: \(error)")
        }
    }

    /// The readiness probe, in process: each instance must pass it `success_threshold` times in a row before
    /// `failure_threshold` failures, one try per `period` (no initial delay: an instance is ready once started).
    func probe(_ run: ProvisioningRun, _ instances: [any ProvisionedInstance]) async throws(ProvisioningAbort) {
        let stage = OperationStage.ready
        try await run.begin(stage)
        let probe = run.deployment.readinessProbe
        for instance in instances {
            var successes = 0
            var failures = 0
            while successes < probe.successThreshold {
                if await instance.isHealthy(timeout: .seconds(probe.timeout)) {
                    successes += 1
                    continue
                }
                successes = 0
                failures += 1
                if failures >= probe.failureThreshold {
                    throw .failure(
                        ProvisioningFailure.resourceNotReady,
                        "instance \(instance.id) failed its readiness probe \(failures) times")
                }
                try? await Task.sleep(for: .seconds(probe.period))
                if Task.isCancelled { throw .superseded }
            }
        }
    }

    /// Publishes the new generation to the live table, marks the deployment `Succeeded`, then drains and stops the
    /// generation it replaced.
    func publish(
        _ run: ProvisioningRun, instances: [any ProvisionedInstance], snapshotID: String,
        resourceMetrics: ResourceMetricsGate
    ) async throws(ProvisioningAbort) {
        let key = run.key
        try await run.checkCurrent()
        if live.endpoint(named: key.endpoint) == nil {
            try? await refreshEndpoint(key.endpoint)
        }
        let deployment = LiveDeployment(
            endpointName: key.endpoint, name: key.name, requestSettings: run.deployment.requestSettings,
            instances: instances, snapshotID: snapshotID)
        let published = live.update(key.endpoint) { entry -> Bool in
            guard entry != nil else { return false }
            entry?.deployments[key.name] = deployment
            return true
        }
        guard published else { throw .superseded }
        let replaced = state.withLock { state in
            let old = state.running[key]
            state.running[key] = RunningDeployment(
                live: deployment, instances: instances, resourceMetrics: resourceMetrics)
            return old
        }
        run.settle(OperationStage.ready, message: "\(instances.count) instance(s) live")
        do {
            try await run.succeed()
        } catch {
            // The instances serve; a newer change of the deployment takes over from here.
            await run.cancel()
        }
        run.logger.info("deployment live", metadata: ["snapshot": "\(snapshotID)"])
        if let replaced { await retire(replaced) }
    }
}

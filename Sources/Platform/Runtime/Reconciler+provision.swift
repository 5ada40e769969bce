import FlowEngine
import FlowServer
import FlowSpec
import Foundation
import Logging
import PythonHost

extension Reconciler {
    /// Create or update (with `operation`), or restart after a restart (without): flow registered, environment
    /// built, check access, instances started, ready; then the new instances are published and the old ones
    /// (an update's) drained and stopped. Scoring never fails: old instances serve until the new ones are live.
    func provision(_ deployment: Deployment, operation: ProvisioningOperation?) async {
        let run = ProvisioningRun(reconciler: self, deployment: deployment, operation: operation)
        var started: [any ProvisionedInstance] = []
        do {
            let (snapshotID, flow) = try await registerFlow(run)
            let python = try await buildEnvironment(run, flow: flow)
            let blueprint = try await checkAccess(run, flow: flow, python: python)
            started = try await startInstances(run, blueprint: blueprint)
            try await probe(run, started)
            try await publish(
                run, instances: started, snapshotID: snapshotID, resourceMetrics: blueprint.resourceMetrics)
        } catch {
            for instance in started { instance.stop() }
            switch error {
            case .failed where Task.isCancelled:
                // Whatever a cancelled stage failed with (a cut-short read, pip killed), the cause is the newer change.
                await run.cancel()
            case .failed(let failure):
                await run.fail(failure)
                if operation == nil { state.withLock { _ = $0.restoreFailed.insert(run.key) } }
            case .superseded:
                await run.cancel()
            }
        }
    }

    /// The snapshot (registered from `flowPath` unless the deployment names one) and the flow it holds.
    private func registerFlow(_ run: ProvisioningRun) async throws(ProvisioningAbort) -> (String, Flow) {
        let stage = OperationStage.flowRegistered
        if let id = run.deployment.snapshotID {
            guard snapshots.contains(id) else {
                throw .failure(ProvisioningFailure.badArgument, "snapshot \(id) is not stored on this server")
            }
            let redo = !run.isDone(stage) && run.operation != nil
            if redo { try await run.begin(stage) }
            let flow = try loadFlow(run, snapshotID: id)
            if redo { await run.end(stage, message: "snapshot \(id)") }
            return (id, flow)
        }
        guard let path = run.deployment.flowPath, !path.isEmpty else {
            throw .failure(ProvisioningFailure.badArgument, "model: name the flow folder")
        }
        try await run.begin(stage)
        let snapshot: FlowSnapshot
        do {
            snapshot = try snapshots.register(folder: URL(fileURLWithPath: path))
            _ = try await store.recordSnapshot(snapshot)
        } catch let error as SnapshotError {
            throw .failure(ProvisioningFailure.badArgument, "model \(path): \(error.message)")
        } catch {
            throw .failure(ProvisioningFailure.internalError, "cannot record the snapshot: \(error)")
        }
        let flow = try loadFlow(run, snapshotID: snapshot.id)
        run.settle(stage, message: "snapshot \(snapshot.id) (\(snapshot.fileCount) files)")
        try await run.write { $0.snapshotID = snapshot.id }
        run.logger.info("\(stage): snapshot \(snapshot.id)")
        return (snapshot.id, flow)
    }

    /// The flow as the snapshot holds it; one that does not load is the user's `BadArgument` (file and line).
    private func loadFlow(_ run: ProvisioningRun, snapshotID: String) throws(ProvisioningAbort) -> Flow {
        guard let folder = snapshots.folder(of: snapshotID) else {
            throw .failure(ProvisioningFailure.internalError, "snapshot \(snapshotID) has no folder")
        }
        let flow: Flow
        do {
            flow = try FlowLoader.load(path: folder.path)
        } catch {
            throw .failure(ProvisioningFailure.badArgument, "the flow does not validate: \(error.description)")
        }
        return try DeploymentVariant.apply(run.deployment.variant, to: flow)
    }

    /// The interpreter for the flow: a venv built from the deployment's custom requirements text when it has one,
    /// else from the flow's requirements (cached by the hash of the text used), else the base interpreter.
    private func buildEnvironment(_ run: ProvisioningRun, flow: Flow) async throws(ProvisioningAbort) -> URL {
        let stage = OperationStage.environmentBuilt
        let base: URL
        do {
            base = try PythonInterpreter.resolve(environment: environment)
        } catch {
            // A flow without Python never starts a worker; one with Python fails when its instance starts.
            base = URL(fileURLWithPath: "/usr/bin/python3")
        }
        let custom = run.deployment.customRequirements
        let flowFile = flow.environment.pythonRequirementsTxt ?? "requirements.txt"
        let source = custom == nil ? flowFile : "custom requirements"
        let file = flow.directory.appendingPathComponent(custom == nil ? source : "")
        let text = custom ?? (try? String(contentsOf: file, encoding: .utf8))
        guard let text, PythonEnvironmentBuilder.hasRequirements(text) else {
            if !run.isDone(stage), run.operation != nil {
                try await run.begin(stage)
                await run.end(stage, .skipped, message: custom == nil ? "no requirements" : "custom requirements: none")
            }
            return base
        }
        let done = run.isDone(stage)
        if !done { try await run.begin(stage) }
        do {
            let builder = try PythonEnvironmentBuilder(dataDirectory: environmentsDirectory, basePython: base)
            let logger = run.logger
            let environment = try await builder.environment(
                requirements: text,
                workingDirectory: custom == nil ? file.deletingLastPathComponent() : flow.directory,
                progress: { line in logger.info("[environment] \(line)") })
            if !done {
                let name = environment.directory?.lastPathComponent ?? "base interpreter"
                await run.end(stage, message: custom == nil ? name : "custom requirements: \(name)")
            }
            return environment.python
        } catch let error as PythonEnvironmentError {
            let tail = String(error.output.suffix(4_000))
            throw .failure(
                ProvisioningFailure.environmentBuildFailure,
                "\(source): \(error.step) exited with status \(error.status)" + (tail.isEmpty ? "" : ":\n\(tail)"))
        } catch {
            throw .failure(ProvisioningFailure.environmentBuildFailure, "\(source): \(error)")
        }
    }

    /// The endpoint's identity holds `connections/listsecrets/action` on every connection the flow uses (else the
    /// stage fails); whether it holds `metrics/write` on the endpoint decides the instances' resource metrics (never
    /// a failure). Read from the store now, so a grant counts for the next create or update at once.
    private func checkIdentity(
        _ run: ProvisioningRun, connections: [String]
    ) async throws(ProvisioningAbort) -> ResourceMetricsGate {
        do {
            let endpoint = try await store.endpoint(named: run.deployment.endpointName)
            if endpoint.identity.kind == .systemAssigned {
                _ = try await Identities.ensureSystemAssigned(endpoint, in: store)
            }
            guard let identity = Identities.principal(of: endpoint) else {
                if connections.isEmpty { return .noIdentity(endpoint: endpoint.name) }
                throw ProvisioningAbort.failure(
                    ProvisioningFailure.badArgument, "endpoint '\(endpoint.name)' names no identity")
            }
            let access = AccessControl(store: store, adminKey: nil)
            for connection in connections.sorted() {
                let scope = "/connections/\(connection)"
                if try await access.isAllowed(identity, action: Identities.secretsAction, scope: scope) { continue }
                throw ProvisioningAbort.failure(
                    ProvisioningFailure.missingRole,
                    "identity '\(identity)' lacks '\(Identities.secretsAction)' on connection '\(connection)'; "
                        + "grant it '\(Identities.secretsReaderRole)' at /connections/\(connection) (or /) and "
                        + "update the deployment")
            }
            let scope = "/endpoints/\(endpoint.name)"
            if try await access.isAllowed(identity, action: ResourceMetricsGate.action, scope: scope) { return .on }
            return .lacking(identity: identity, endpoint: endpoint.name)
        } catch let abort as ProvisioningAbort {
            throw abort
        } catch {
            throw .failure(ProvisioningFailure.internalError, "cannot check the endpoint identity's access: \(error)")
        }
    }

    /// Every connection the flow uses, after the deployment's overrides, exists; then the instance blueprint.
    private func checkAccess(
        _ run: ProvisioningRun, flow: Flow, python: URL
    ) async throws(ProvisioningAbort) -> InstanceBlueprint {
        let stage = OperationStage.checkAccess
        let deployment = run.deployment
        let overrides = ConnectionOverrides(deployment.connectionOverrides, flow: flow)
        let effective = overrides.apply(to: flow)
        let workerEnvironment = InstanceBlueprint.workerEnvironment(
            flow: flow, deployment: deployment.environmentVariables, server: environment)
        let instanceEnvironment = environment.merging(workerEnvironment) { $1 }
        let resourceMetrics: ResourceMetricsGate
        if !run.isDone(stage) {
            try await run.begin(stage)
            let needed = overrides.needed(by: effective)
            let checker = ConnectionResolver(providers: [connections], environment: instanceEnvironment)
            for (name, usedBy) in needed {
                do {
                    guard try await checker.connection(named: name) != nil else {
                        throw ConnectionError.notFound(name: name)
                    }
                } catch ConnectionError.notFound(let missing) {
                    throw .failure(
                        ProvisioningFailure.connectionNotFound,
                        "connection '\(missing)' (used by \(usedBy)) does not exist")
                } catch {
                    throw .failure(
                        ProvisioningFailure.badArgument, "connection '\(name)' (used by \(usedBy)): \(error)")
                }
            }
            resourceMetrics = try await checkIdentity(run, connections: needed.map(\.0))
            let connectionsChecked = needed.isEmpty ? "no connections" : "\(needed.count) connection(s)"
            await run.end(stage, message: "\(connectionsChecked); \(resourceMetrics.reason)")
        } else {
            // Resumed after a restart with the stage done: the secrets were checked, the metrics gate is read again.
            resourceMetrics = try await checkIdentity(run, connections: [])
            run.logger.info("\(stage): \(resourceMetrics.reason)")
        }
        let concurrency = deployment.requestSettings.maxConcurrentRequestsPerInstance
        return InstanceBlueprint(
            endpoint: deployment.endpointName, deployment: deployment.name, flow: effective, python: python,
            workerEnvironment: instanceEnvironment,
            connections: ConnectionResolver(
                providers: [overrides.provider(over: connections)], environment: instanceEnvironment),
            server: InstanceBlueprint.serverConfiguration(for: deployment),
            pythonWorkers: max(1, min(concurrency, ProcessInfo.processInfo.activeProcessorCount, 8)),
            ring: ring(run.key), metrics: metrics, resourceMetrics: resourceMetrics)
    }
}

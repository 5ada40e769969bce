import Foundation
import Logging

extension Reconciler {
    /// Endpoint create: loads it (auth mode, keys, traffic) into the live table, then marks it `Succeeded`.
    func createEndpoint(_ name: String, operation: ProvisioningOperation) async {
        var operation = operation
        do {
            var endpoint = try await store.endpoint(named: name)
            guard endpoint.provisioningState == .creating else { return }
            operation.start(OperationStage.endpointCreated)
            try await refreshEndpoint(name)
            endpoint.provisioningState = .succeeded
            endpoint.failure = nil
            operation.finish(OperationStage.endpointCreated)
            operation.status = .succeeded
            _ = try await store.updateEndpoint(endpoint, operation: operation)
            logger.info("endpoint created", metadata: ["endpoint": "\(name)"])
        } catch StoreError.versionConflict {
            // Changed meanwhile (traffic, tags): the next pass reads it again.
        } catch StoreError.notFound {
            live.remove(name)
        } catch {
            logger.error("endpoint create failed", metadata: ["endpoint": "\(name)", "error": "\(error)"])
        }
    }

    /// Endpoint delete: stops the work on its deployments, takes it out of the live table, lets in-flight requests
    /// finish, stops its instances, then removes it (deployments, traffic and keys) from the store.
    func deleteEndpoint(_ name: String, operation: ProvisioningOperation) async {
        var operation = operation
        let tasks = state.withLock { state in
            state.work.filter { $0.key != .endpoint(name) && $0.key.endpointName == name }.map(\.value.task)
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        operation.start(OperationStage.instancesStopped)
        try? await store.saveOperation(operation)
        await unpublish(name)
        let running = state.withLock { state -> [RunningDeployment] in
            let keys = state.running.keys.filter { $0.endpoint == name }
            return keys.compactMap { state.running.removeValue(forKey: $0) }
        }
        await withTaskGroup(of: Void.self) { group in
            for deployment in running { group.addTask { await self.retire(deployment) } }
        }
        operation.finish(OperationStage.instancesStopped, message: "\(running.count) deployment(s) stopped")
        operation.status = .succeeded
        do {
            try await store.deleteEndpoint(named: name, operation: operation)
        } catch StoreError.notFound {
            try? await store.saveOperation(operation)
        } catch {
            logger.error("endpoint delete failed", metadata: ["endpoint": "\(name)", "error": "\(error)"])
            return
        }
        await dropLogs(endpoint: name)
        metrics.history.forgetEndpoint(name)
        logger.info("endpoint deleted", metadata: ["endpoint": "\(name)"])
    }

    /// Deployment delete: out of the live table, in-flight requests finish, instances stop, the row goes.
    func deleteDeployment(_ deployment: Deployment, operation: ProvisioningOperation) async {
        let key = DeploymentKey(deployment)
        var operation = operation
        operation.start(OperationStage.instancesStopped)
        try? await store.saveOperation(operation)
        live.update(key.endpoint) { $0?.deployments[key.name] = nil }
        if let running = state.withLock({ $0.running.removeValue(forKey: key) }) {
            await retire(running)
        }
        operation.finish(OperationStage.instancesStopped)
        operation.status = .succeeded
        do {
            try await store.deleteDeployment(key.name, endpoint: key.endpoint, operation: operation)
        } catch StoreError.notFound {
            try? await store.saveOperation(operation)
        } catch let error as ResourceValidationError {
            // Traffic was given to it after the API accepted the delete: it stays, stopped, and says why.
            let failure = ProvisioningFailure(code: ProvisioningFailure.badArgument, message: error.description)
            operation.finish(OperationStage.instancesStopped, .failed, message: failure.message)
            operation.status = .failed
            operation.error = failure
            var failed = deployment
            failed.provisioningState = .failed
            failed.failure = failure
            _ = try? await store.updateDeployment(failed, operation: operation)
            return
        } catch {
            logger.error("deployment delete failed", metadata: ["deployment": "\(key)", "error": "\(error)"])
            return
        }
        await dropLog(key)
        metrics.history.forget(endpoint: key.endpoint, deployment: key.name)
        logger.info("deployment deleted", metadata: ["deployment": "\(key)"])
    }
}

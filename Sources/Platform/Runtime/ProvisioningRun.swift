import Foundation
import Logging

/// One attempt at bringing a deployment to its desired state, stage by stage, recording each stage in its
/// operation (none when instances are only restarted after a restart). Stages an earlier attempt finished are
/// not redone where their result is kept (the snapshot id, the access check); instances always start again.
final class ProvisioningRun {
    let reconciler: Reconciler
    let key: DeploymentKey
    private(set) var deployment: Deployment
    private(set) var operation: ProvisioningOperation?
    /// The stage running now, which a failure is recorded on.
    private(set) var stage: String?
    let logger: Logger

    init(reconciler: Reconciler, deployment: Deployment, operation: ProvisioningOperation?) {
        self.reconciler = reconciler
        self.key = DeploymentKey(deployment)
        self.deployment = deployment
        self.operation = operation
        var logger = Logger(label: "flowgate.provisioning") { [log = reconciler.ring(DeploymentKey(deployment))] _ in
            DeploymentLogHandler(log: log, source: "provisioning")
        }
        logger.logLevel = .info
        self.logger = logger
    }

    var store: any Store { reconciler.store }

    /// Whether an earlier attempt of this operation finished `name`.
    func isDone(_ name: String) -> Bool {
        operation?.stages.contains { $0.name == name && ($0.status == .succeeded || $0.status == .skipped) } ?? false
    }

    /// Starts a stage: checks that the desired state is still the one being worked on, then records the stage.
    func begin(_ name: String) async throws(ProvisioningAbort) {
        try await checkCurrent()
        stage = name
        guard operation != nil else { return }
        operation?.start(name)
        await saveOperation()
        logger.info("\(name): started")
    }

    /// Ends the current stage.
    func end(_ name: String, _ status: OperationStage.Status = .succeeded, message: String? = nil) async {
        stage = nil
        logger.info("\(name): \(status.rawValue.lowercased())\(message.map { " (\($0))" } ?? "")")
        guard operation != nil else { return }
        operation?.finish(name, status, message: message)
        await saveOperation()
    }

    /// Records the current stage's end in the operation without saving it: the next `write` saves both at once.
    func settle(_ name: String, message: String? = nil) {
        stage = nil
        operation?.finish(name, message: message)
    }

    /// Fails when the task was cancelled or the deployment changed (or went) since it was read.
    func checkCurrent() async throws(ProvisioningAbort) {
        if Task.isCancelled { throw .superseded }
        do {
            let stored = try await store.deployment(key.name, endpoint: key.endpoint)
            if stored.version != deployment.version { throw ProvisioningAbort.superseded }
        } catch let abort as ProvisioningAbort {
            throw abort
        } catch StoreError.notFound {
            throw .superseded
        } catch is CancellationError {
            throw .superseded
        } catch {
            throw .failure(ProvisioningFailure.internalError, "the store cannot be read: \(error)")
        }
    }

    /// Writes the deployment (changed by `change`) with the operation as it stands, in one transaction.
    func write(_ change: (inout Deployment) -> Void) async throws(ProvisioningAbort) {
        var next = deployment
        change(&next)
        let (store, operation) = (self.store, self.operation)
        reconciler.noteWriting(key, over: deployment.version)
        do {
            deployment = try await Task { try await store.updateDeployment(next, operation: operation) }.value
            reconciler.noteVersion(key, deployment.version)
        } catch StoreError.versionConflict {
            throw .superseded
        } catch StoreError.notFound {
            throw .superseded
        } catch {
            throw .failure(ProvisioningFailure.internalError, "the store cannot be written: \(error)")
        }
    }

    /// Ends the operation successfully and marks the deployment `Succeeded` (restarts only fix a stale failure).
    func succeed() async throws(ProvisioningAbort) {
        operation?.status = .succeeded
        if operation == nil && deployment.provisioningState == .succeeded && deployment.failure == nil { return }
        try await write {
            $0.provisioningState = .succeeded
            $0.failure = nil
        }
    }

    /// Records a failure on the current stage, the operation and the deployment.
    func fail(_ failure: ProvisioningFailure) async {
        logger.error("\(failure.code): \(failure.message)")
        if let stage { operation?.finish(stage, .failed, message: failure.message) }
        operation?.status = .failed
        operation?.error = failure
        do {
            try await write {
                $0.provisioningState = .failed
                $0.failure = failure
            }
        } catch {
            await cancel()
        }
    }

    /// Records that a newer desired state took over: the operation is canceled, the deployment left as it is.
    func cancel() async {
        logger.info("superseded by a newer change of the deployment")
        if let stage { operation?.finish(stage, .failed, message: "canceled: the deployment changed") }
        operation?.status = .canceled
        operation?.error = nil
        await saveOperation()
    }

    private func saveOperation() async {
        guard var operation else { return }
        operation.updatedAt = Date()
        self.operation = operation
        let (store, saved) = (self.store, operation)
        do {
            // Not cancelled with the task: a canceled or failed operation must still be recorded as such.
            try await Task { try await store.saveOperation(saved) }.value
        } catch {
            reconciler.logger.error(
                "cannot save operation", metadata: ["operation": "\(operation.id)", "error": "\(error)"])
        }
    }
}

import Foundation

/// The deployments' logs: made on first use (provisioning, an instance, a read), closed at shutdown, removed with
/// their deployment.
extension Reconciler {
    /// The last `lines` log lines of the deployment (of `instance` only when given), merged by time, oldest
    /// first; `nil` when the reconciler knows no such deployment.
    public func logs(endpoint: String, deployment: String, lines: Int, instance: String? = nil) async -> [String]? {
        guard let log = state.withLock({ $0.logs[DeploymentKey(endpoint, deployment)] }) else { return nil }
        return await log.tail(lines, source: instance)
    }

    /// The deployment's log, made on first use: the caller knows the deployment exists (a restarted server reads
    /// the lines its earlier run wrote before the reconciler's first pass).
    public func deploymentLog(endpoint: String, deployment: String) -> DeploymentLog {
        ring(DeploymentKey(endpoint, deployment))
    }

    /// Ends every log follower (the server stops: an open `follow` must not hold up its shutdown); later
    /// `follow` calls get their tail only.
    public func endLogFollowing() {
        let logs = state.withLock { state in
            state.followingEnded = true
            return Array(state.logs.values)
        }
        for log in logs { log.endFollowing() }
    }

    /// The deployment's log, made on first use.
    func ring(_ key: DeploymentKey) -> DeploymentLog {
        let (log, made, ended) = state.withLock { state -> (DeploymentLog, Bool, Bool) in
            if let log = state.logs[key] { return (log, false, state.followingEnded) }
            let log = DeploymentLog(key: key, folder: logFolder(key), rotation: logRotation, logger: logger)
            state.logs[key] = log
            return (log, true, state.followingEnded)
        }
        if made, ended { log.endFollowing() }
        return log
    }

    /// The log of a deployment found gone after `deploymentLog` made it (a read racing the delete): its followers
    /// end and it is forgotten, so a new deployment of that name starts afresh.
    public func dropLog(endpoint: String, deployment: String) async {
        await dropLog(DeploymentKey(endpoint, deployment))
    }

    /// A deleted deployment's log: followers end, its folder goes.
    func dropLog(_ key: DeploymentKey) async {
        let log =
            state.withLock { $0.logs.removeValue(forKey: key) }
            ?? DeploymentLog(key: key, folder: logFolder(key), rotation: logRotation, logger: logger)
        await log.close(removingFiles: true)
    }

    /// A deleted endpoint's logs: every deployment's, and the endpoint's folder.
    func dropLogs(endpoint name: String) async {
        let logs = state.withLock { state -> [DeploymentLog] in
            let keys = state.logs.keys.filter { $0.endpoint == name }
            return keys.compactMap { state.logs.removeValue(forKey: $0) }
        }
        for log in logs { await log.close(removingFiles: true) }
        if let logsDirectory {
            try? FileManager.default.removeItem(
                at: logsDirectory.appendingPathComponent(LogFiles.fileName(name), isDirectory: true))
        }
    }

    /// Removes the log folders of deployments the store no longer has (the server stopped between a delete and the
    /// folder's removal), except those of logs in use. Run once, before the first pass.
    func removeOrphanLogs() async {
        guard let logsDirectory, let deployments = try? await store.deployments(endpoint: nil) else { return }
        let inUse = state.withLock { Set($0.logs.keys) }
        let known = Set((deployments.map(DeploymentKey.init) + inUse).map(\.folderName))
        let manager = FileManager.default
        for endpoint in (try? manager.contentsOfDirectory(atPath: logsDirectory.path)) ?? [] {
            let folder = logsDirectory.appendingPathComponent(endpoint, isDirectory: true)
            for name in (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
            where !known.contains("\(endpoint)/\(name)") {
                try? manager.removeItem(at: folder.appendingPathComponent(name, isDirectory: true))
            }
            if (try? manager.contentsOfDirectory(atPath: folder.path))?.isEmpty == true {
                try? manager.removeItem(at: folder)
            }
        }
    }

    /// `<logs>/<endpoint>/<deployment>`, or `nil` when logs are kept in memory.
    private func logFolder(_ key: DeploymentKey) -> URL? {
        logsDirectory.map { $0.appendingPathComponent(key.folderName, isDirectory: true) }
    }

    /// Writes what is queued and closes every log (shutdown).
    func closeLogs() async {
        let logs = state.withLock { Array($0.logs.values) }
        for log in logs { await log.close(removingFiles: false) }
    }
}

extension DeploymentKey {
    /// The deployment's log folder under `<data dir>/logs`: `<endpoint>/<deployment>`.
    var folderName: String { "\(LogFiles.fileName(endpoint))/\(LogFiles.fileName(name))" }
}

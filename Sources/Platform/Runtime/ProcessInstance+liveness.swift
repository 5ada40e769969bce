import Foundation

extension ProcessInstance {
    /// The first restart waits this long; each further one twice as long, up to `restartBackoffLimit`.
    static let restartBackoffStart = Duration.milliseconds(500)
    static let restartBackoffLimit = Duration.seconds(30)

    /// Spawns a child and waits until `/health` answers 200; throws when the child exits first or `startupLimit`
    /// passes (the child is killed then).
    func spawnUntilReady() async throws {
        let id = self.id
        let log = launch.log
        let spawned = try ProcessChild(
            executable: launch.executable, folder: launch.folder, arguments: launch.arguments,
            environment: launch.environment, log: { line in log(id, line) })
        child.withLock { $0 = spawned }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: launch.startupLimit)
        while clock.now < deadline {
            if Task.isCancelled || phase.withLock({ $0 }) == .stopped {
                spawned.killNow()
                throw CancellationError()
            }
            if let reason = spawned.exitReason {
                throw ProcessInstanceError(message: "instance \(id) did not start: `flowgate flow serve` \(reason)")
            }
            if await Self.health(port: spawned.port, timeout: .seconds(2), client: client) {
                let ready = phase.withLock { phase -> Bool in
                    guard phase != .stopped else { return false }
                    phase = .ready(port: spawned.port)
                    return true
                }
                guard ready else {
                    spawned.killNow()
                    throw CancellationError()
                }
                return
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        spawned.killNow()
        throw ProcessInstanceError(message: "instance \(id) did not answer /health within \(launch.startupLimit)")
    }

    /// The liveness probe: a child that exited is restarted at once (looked at every quarter second); after the
    /// initial delay, `/health` every period, and a child failing it `failure_threshold` times in a row is killed
    /// and restarted. Restarts back off exponentially; requests get 503 with the reason meanwhile.
    func superviseLiveness() async {
        let probe = launch.liveness
        let clock = ContinuousClock()
        var nextProbe = clock.now.advanced(by: .seconds(probe.initialDelay))
        var failures = 0
        while !Task.isCancelled, phase.withLock({ $0 }) != .stopped {
            guard let current = child.withLock({ $0 }) else { return }
            var reason = current.exitReason
            if reason == nil, clock.now >= nextProbe {
                nextProbe = clock.now.advanced(by: .seconds(max(1, probe.period)))
                if await Self.health(port: current.port, timeout: .seconds(probe.timeout), client: client) {
                    failures = 0
                } else {
                    failures += 1
                    reason = current.exitReason
                    if reason == nil, failures >= probe.failureThreshold {
                        reason = "did not answer /health \(failures) times in a row"
                    }
                }
            }
            if let reason {
                failures = 0
                await restart(reason: reason)
                nextProbe = clock.now.advanced(by: .seconds(probe.initialDelay))
                continue
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Kills the child and spawns new ones, backing off between failed tries, until one is ready or the instance
    /// stops.
    func restart(reason: String) async {
        let set = phase.withLock { phase -> Bool in
            guard phase != .stopped else { return false }
            phase = .restarting(reason: reason)
            return true
        }
        guard set else { return }
        logger.warning("process instance restarting", metadata: ["reason": "\(reason)"])
        launch.log(id, "restarting: \(reason)")
        var backoff = Self.restartBackoffStart
        while !Task.isCancelled, phase.withLock({ $0 }) != .stopped {
            if let old = child.withLock({ $0 }) { await old.terminate(grace: .seconds(2)) }
            try? await Task.sleep(for: backoff)
            restartCount.withLock { $0 += 1 }
            do {
                try await spawnUntilReady()
                logger.info("process instance restarted", metadata: ["port": "\(port ?? 0)"])
                return
            } catch {
                launch.log(id, "restart failed: \(error)")
                phase.withLock { phase in
                    if phase != .stopped { phase = .restarting(reason: "\(reason); restart failed: \(error)") }
                }
                backoff = min(backoff * 2, Self.restartBackoffLimit)
            }
        }
    }
}

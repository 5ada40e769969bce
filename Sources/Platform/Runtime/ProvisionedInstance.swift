/// What the reconciler does with an instance it started, whichever runtime it has: probe it, drain it, stop it.
/// `InProcessInstance` and `ProcessInstance` conform.
protocol ProvisionedInstance: ScoringInstance {
    /// The readiness probe: whether the instance answers within `timeout`.
    func isHealthy(timeout: Duration) async -> Bool
    /// Waits until no request is in flight, or `limit` passed.
    func drain(limit: Duration) async
    /// Stops the instance; requests still running fail.
    func stop()
    /// The processes the instance started (a child, Python workers); their descendants are its too. Its resource
    /// metrics are read from them.
    var ownedProcessIDs: [Int32] { get }
}

extension InProcessInstance: ProvisionedInstance {}

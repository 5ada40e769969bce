/// The instances of a deployment generation that is published (or being retired), and what they run.
struct RunningDeployment: Sendable {
    let live: LiveDeployment
    let instances: [any ProvisionedInstance]
    /// Whether `/metrics` shows these instances' CPU and memory (decided in the check-access stage).
    let resourceMetrics: ResourceMetricsGate
}

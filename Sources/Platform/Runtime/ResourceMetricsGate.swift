/// Whether a deployment's instances show their resource metrics (`flowgate_instance_cpu_seconds_total`,
/// `flowgate_instance_memory_bytes`) in the server's `/metrics`: only when the endpoint's identity holds
/// `metrics/write` (the built-in Metrics Writer role) at `/endpoints/NAME` or `/`. Decided in the check-access stage.
struct ResourceMetricsGate: Sendable, Equatable {
    /// The action the identity needs.
    static let action = "metrics/write"
    /// The built-in role that grants it.
    static let role = "Metrics Writer"

    let isOn: Bool
    /// What the stage message and the provisioning log say.
    let reason: String

    static let on = ResourceMetricsGate(isOn: true, reason: "resource metrics on")

    /// Off because `identity` lacks the action on `endpoint`.
    static func lacking(identity: String, endpoint: String) -> ResourceMetricsGate {
        ResourceMetricsGate(
            isOn: false,
            reason: "resource metrics off: identity '\(identity)' lacks \(action); grant \(role) at "
                + "/endpoints/\(endpoint) (or /) and update the deployment")
    }

    /// Off because the endpoint names no identity.
    static func noIdentity(endpoint: String) -> ResourceMetricsGate {
        ResourceMetricsGate(isOn: false, reason: "resource metrics off: endpoint '\(endpoint)' names no identity")
    }
}

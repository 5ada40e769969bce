import Foundation

/// One deployment by endpoint and name, as the reconciler keys its running instances and logs.
struct DeploymentKey: Hashable, Sendable, CustomStringConvertible {
    let endpoint: String
    let name: String

    init(_ endpoint: String, _ name: String) {
        self.endpoint = endpoint
        self.name = name
    }

    init(_ deployment: Deployment) {
        self.init(deployment.endpointName, deployment.name)
    }

    var description: String { "\(endpoint)/\(name)" }
}

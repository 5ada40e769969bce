/// What one reconciler task works on; at most one task per key runs at a time.
enum WorkKey: Hashable, Sendable {
    case endpoint(String)
    case deployment(DeploymentKey)

    var endpointName: String {
        switch self {
        case .endpoint(let name): name
        case .deployment(let key): key.endpoint
        }
    }
}

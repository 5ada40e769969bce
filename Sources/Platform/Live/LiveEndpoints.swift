import Synchronization

/// The endpoints the gateway serves, in memory: written by the reconciler (deployments ready or gone) and by the
/// management API (keys, traffic) before it answers, read by the gateway on every request without touching the store.
public final class LiveEndpoints: Sendable {
    private let table = Mutex<[String: LiveEndpoint]>([:])
    /// Signs and checks the tokens of `aml_token` endpoints; `nil`: no token is accepted.
    public let tokens: EndpointTokenAuthority?

    public init(tokens: EndpointTokenAuthority? = nil) {
        self.tokens = tokens
    }

    /// The endpoint as the gateway sees it now, or `nil` when it is unknown (or deleted).
    public func endpoint(named name: String) -> LiveEndpoint? {
        table.withLock { $0[name] }
    }

    /// Every endpoint's name.
    public var names: [String] {
        table.withLock { $0.keys.sorted() }
    }

    /// Changes (or adds, or removes by setting `nil`) one endpoint atomically; returns what `change` returns.
    @discardableResult
    public func update<Result>(
        _ name: String, _ change: (inout LiveEndpoint?) throws -> Result
    ) rethrows -> Result {
        try table.withLock { try change(&$0[name]) }
    }

    /// Removes the endpoint; requests that already hold its deployments finish.
    public func remove(_ name: String) {
        _ = table.withLock { $0.removeValue(forKey: name) }
    }
}

import Hummingbird

/// One running replica of a deployment that the gateway can hand a scoring request to: an in-process flow
/// server today, a `flowgate flow serve` child process later. It answers exactly as `flowgate flow serve` would.
public protocol ScoringInstance: Sendable {
    /// `<deployment>-<n>`, unique within the deployment, stable across restarts of the instance.
    var id: String { get }
    /// Runs one `POST /score` (promptflow's contract, COMPAT §C); `requestID` becomes the run id.
    func score(_ request: Request, requestID: String) async -> Response
    /// The flow's `GET /swagger.json` body as the instance serves it.
    func swaggerJSON() async -> ByteBuffer
    /// Whether the instance can take a request now; a process instance that is restarting says no, so the gateway
    /// sends its requests to the others (only the requests it had in flight fail).
    var isAcceptingRequests: Bool { get }
}

extension ScoringInstance {
    /// In-process instances always accept while they are published.
    public var isAcceptingRequests: Bool { true }
}

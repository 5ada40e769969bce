import HTTPTypes
import Hummingbird

/// The request context of a served flow: Hummingbird's core storage plus the request id
/// (`x-request-id` / `x-ms-client-request-id`, else generated) that becomes the run id.
public struct FlowRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `RequestLogMiddleware` before any route runs.
    public var requestID: String = ""
    /// The header the caller named the request id with, echoed back under the same name.
    var requestIDHeader: HTTPField.Name = .flowRequestID

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}

extension HTTPField.Name {
    /// `x-request-id`: the caller's request id (becomes the run id).
    static let flowRequestID = HTTPField.Name("x-request-id")!
    /// `x-ms-client-request-id`: Azure's spelling of the same.
    static let flowClientRequestID = HTTPField.Name("x-ms-client-request-id")!
    static let traceparent = HTTPField.Name("traceparent")!
    static let tracestate = HTTPField.Name("tracestate")!
    static let baggage = HTTPField.Name("baggage")!
}

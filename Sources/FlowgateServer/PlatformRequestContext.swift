import Hummingbird
import ManagementAPI
import NIOCore

/// The request context of `flowgate server`'s router (management API, gateway, health and metrics).
public struct PlatformRequestContext: RequestContext, ConnectionAwareContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's connection (a log follow ends when its client goes).
    public let channel: (any Channel)?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}

import Hummingbird
import NIOCore

/// The test server's request context: Hummingbird's basics plus the client's address, so tests can
/// check that sequential calls reuse one pooled keep-alive connection (same client port).
public struct TestLLMRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}

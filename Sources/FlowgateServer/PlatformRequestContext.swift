import Hummingbird

/// The request context of `flowgate server`'s router (management API, gateway, health and metrics).
public struct PlatformRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}

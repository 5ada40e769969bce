import Hummingbird
import NIOCore

/// A request context that knows the connection its request came on, so an answer that stays open (a log follow)
/// ends when the client goes instead of at the next line it would have been sent.
public protocol ConnectionAwareContext: RequestContext {
    var channel: (any Channel)? { get }
}
